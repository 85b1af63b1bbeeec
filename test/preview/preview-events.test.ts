/** `previewEvents`, the SDK's preview: one describe per promise it makes to the employee. */
import { describe, expect, it } from 'vitest';
import { printable, printableJson } from '../../lib/cli/safe-text.ts';
import { PreviewInputError, previewEvents, type StoredEventPreview } from '../../lib/client/index.ts';
import { renderTable } from '../../lib/preview/render-table.ts';
import { EVENT_TYPES, type EventType } from '../../lib/schema/request.ts';
import { IDENTITY, PLANTED, previewBatch } from './batch.ts';

const NOW = new Date('2026-11-27T09:00:00.000Z');
const preview = previewEvents(previewBatch(NOW), { ...IDENTITY, now: NOW });
const stored = preview.events.filter((e): e is StoredEventPreview => e.verdict === 'stored');
const outputs = {
  table: renderTable(preview, { title: 'batch' }),
  json: printableJson(preview, 2),
};

describe('it names every field an event carried and what became of it', () => {
  it('lists each present field once, in the policy’s order, with a fate', () => {
    for (const event of stored) {
      const sent = Object.keys(previewBatch(NOW)[event.index] as object);
      expect(event.fields.map((f) => f.field).sort(), event.type).toEqual(sent.sort());
      const fields = Object.keys(EVENT_TYPES[event.type as EventType].fields);
      for (const f of event.fields)
        expect(['event_id', 'occurred_at', 'type', 'session_id', 'app', 'project_root', ...fields]).toContain(
          f.field,
        );
    }
  });

  it('points each field that is kept to the column that holds it, and each dropped one to nothing', () => {
    for (const event of stored) {
      for (const f of event.fields) {
        if (f.fate === 'dropped') expect(f.column, f.field).toBeUndefined();
        else expect(f.column, f.field).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
      }
    }
    const focus = stored.find((e) => e.type === 'window_focus') as StoredEventPreview;
    expect(focus.fields.find((f) => f.field === 'title')).toEqual({
      field: 'title',
      fate: 'dropped',
      note: 'never stored',
    });
  });

  it('says why a label or a domain was not stored, without its value', () => {
    const fates = stored.flatMap((e) => e.fields);
    expect(fates).toContainEqual(
      expect.objectContaining({
        field: 'app',
        fate: 'dropped',
        note: expect.stringMatching(/names someone/),
      }),
    );
    expect(fates).toContainEqual(
      expect.objectContaining({ field: 'app', fate: 'dropped', note: expect.stringMatching(/short name/) }),
    );
    expect(fates).toContainEqual(
      expect.objectContaining({
        field: 'url',
        fate: 'dropped',
        note: expect.stringMatching(/no registrable domain/),
      }),
    );
    expect(fates).toContainEqual(
      expect.objectContaining({ field: 'url', fate: 'dropped', note: expect.stringMatching(/NULL/) }),
    );
  });

  it('counts each placeholder type per event and in total', () => {
    const sum: Record<string, number> = {};
    for (const e of stored) for (const [t, n] of Object.entries(e.placeholders)) sum[t] = (sum[t] ?? 0) + n;
    expect(preview.totals.placeholders).toEqual(sum);
    expect(sum['IDENTITY']).toBeGreaterThanOrEqual(2); // the employee id and the device id in a command
  });
});

describe('it never shows what the scrubber or the policy removed', () => {
  it.each(Object.entries(PLANTED).filter(([k]) => k !== 'sessionId'))(
    '%s appears in neither the table nor the JSON',
    (_kind, value) => {
      expect(outputs.table).not.toContain(value);
      expect(outputs.json).not.toContain(value);
    },
  );

  it('shows the placeholders instead', () => {
    for (const p of ['<PASSWORD>', '<EMAIL>', '<URI_CREDENTIALS>', '<IDENTITY>', '<GITHUB_TOKEN>']) {
      expect(outputs.table).toContain(p);
    }
  });
});

describe('pseudonyms are placeholders, never computed', () => {
  it('shows <you> and <session N> numbered in order of first appearance, and no raw session id', () => {
    expect(new Set(stored.map((e) => e.row.contributor))).toEqual(new Set(['<you>']));
    expect(stored[0]?.row.session).toBe('<session 1>');
    expect(new Set(stored.map((e) => e.row.session)).size).toBe(4);
    expect(outputs.json).not.toContain(PLANTED.sessionId);
    // No HMAC anywhere: a stored pseudonym is 64 hex digits.
    expect(outputs.json).not.toMatch(/[0-9a-f]{64}/);
  });
});

describe('rejected events come with the rule they break, never their content', () => {
  it('gives code and message as the API would', () => {
    const rejected = preview.events.filter((e) => e.verdict === 'rejected');
    expect(rejected.map((e) => (e.verdict === 'rejected' ? e.code : ''))).toEqual([
      'unknown_event_type',
      'invalid_event',
      'duplicate_in_batch',
      'invalid_event',
    ]);
    expect(preview.totals).toMatchObject({ stored: stored.length, rejected: 4 });
  });

  it('rejects what is not an event object at all, alone', () => {
    const p = previewEvents(['a string', null, [1]], { employeeId: 'E1', now: NOW });
    expect(p.events.map((e) => (e.verdict === 'rejected' ? e.message : ''))).toEqual([
      'event: must be an object',
      'event: must be an object',
      'event: must be an object',
    ]);
  });
});

describe('the identity options follow the envelope’s rules', () => {
  it('refuses more hints than a request may carry, naming the option', () => {
    const usernames = Array.from({ length: 21 }, (_, i) => `user${i}`);
    expect(() => previewEvents([], { employeeId: 'E1', identityHints: { usernames } })).toThrow(
      new PreviewInputError('identityHints.usernames: must have at most 20 items'),
    );
  });

  it('refuses an empty employee id', () => {
    expect(() => previewEvents([], { employeeId: '  ' })).toThrow(PreviewInputError);
  });

  it('without an agent, leaves os and agent_version unknown and says so', () => {
    const p = previewEvents(previewBatch(NOW).slice(0, 1), { employeeId: 'E1', now: NOW });
    const [event] = p.events as StoredEventPreview[];
    expect([event?.row.os, event?.row.agent_version]).toEqual([null, null]);
    expect(p.request.find((f) => f.field === 'agent')?.note).toMatch(/not known here/);
  });
});

describe('its output is inert in a terminal', () => {
  const hostile = 'a\u001b[2Jb\u009bc\u202ed\u200be\u0007f\ud800g';

  it('shows escape, bidi, zero-width and lone-surrogate characters as visible escapes', () => {
    expect(printable(hostile)).toBe('a\\u{001b}[2Jb\\u{009b}c\\u{202e}d\\u{200b}e\\u{0007}f\\u{d800}g');
    expect(printable('tabs\tand\nnewlines stay, é and 😀 too')).toBe(
      'tabs\tand\nnewlines stay, é and 😀 too',
    );
  });

  it('keeps JSON output parseable to the same value', () => {
    const json = printableJson({ hostile });
    const unsafe = [...json].filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x202e || code === 0x200b;
    });
    expect(unsafe).toEqual([]);
    expect(JSON.parse(json)).toEqual({ hostile });
  });

  it('prints the stored text of the batch with its escape sequence made visible', () => {
    expect(outputs.table).toContain('\\u{001b}[31mred');
    expect(outputs.table).not.toContain('\u001b');
    expect(outputs.json).not.toContain('\u202e');
  });
});
