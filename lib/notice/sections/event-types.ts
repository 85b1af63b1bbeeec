/**
 * For every event type: each field, what it is, what is kept of it and where — read off the content
 * policy — and a worked example: a synthetic event run through the preview (the ingest core).
 */
import { DEFAULT_INGEST_CONFIG } from '../../ingest/config.ts';
import { decisionsOf, type FieldDecision, storedAs } from '../../preview/decisions.ts';
import { previewEvents, type StoredEventPreview } from '../../preview/preview-events.ts';
import { COMMON_EVENT_FIELDS, EVENT_TYPE_NAMES, EVENT_TYPES, type EventType } from '../../schema/request.ts';
import {
  type Block,
  code,
  codeBlock,
  heading,
  type Inline,
  inline,
  paragraph,
  table,
  text,
} from '../document.ts';
import { EXAMPLE_IDENTITY, EXAMPLE_RECEIVED_AT, exampleEvents } from '../examples.ts';
import type { NoticeSettings } from '../settings.ts';
import { bytes } from '../words.ts';

const COMMON_FIELDS = new Set(Object.keys(COMMON_EVENT_FIELDS));

/** What a decision does, in words. */
function whatIsKept(field: string, d: FieldDecision, s: NoticeSettings): string {
  switch (d.do) {
    case 'drop':
      return field === 'project_root' ? '**dropped** (used only to make paths relative)' : '**dropped**';
    case 'structural':
      return field === 'occurred_at' ? 'kept, in UTC' : 'kept';
    case 'pseudonym':
      return 'replaced by a code (see **Who you are**)';
    case 'keep':
      return 'kept as sent';
    case 'count':
      return 'kept as a number';
    case 'outcome':
      return `kept as \`${d.yes}\` or \`${d.no}\``;
    case 'label':
      return 'kept if it is a short name that names no one; otherwise dropped';
    case 'path':
      return 'kept relative to the project, or with your home folder replaced by `~`; then **scrubbed**';
    case 'domain':
      return 'only the site’s domain (`github.com`), never the page or the search; dropped if built from someone’s name';
    case 'scrub':
      return `kept **scrubbed**, cut at ${bytes(s.maxContentBytes)}`;
  }
}

function docOf(type: EventType, field: string): string {
  const fields = EVENT_TYPES[type].fields as Record<string, { doc: string }>;
  return (fields[field] ?? (COMMON_EVENT_FIELDS as Record<string, { doc: string }>)[field])?.doc ?? '';
}

function fieldRows(type: EventType, s: NoticeSettings, only: (field: string) => boolean): Inline[][][] {
  return decisionsOf(type)
    .filter(([field]) => only(field))
    .map(([field, d]) => {
      const column = storedAs(d);
      return [
        [code(field)],
        [text(docOf(type, field))],
        inline(whatIsKept(field, d, s)),
        column ? [code(column)] : [text('—')],
      ];
    });
}

const HEAD = ['field', 'what it is', 'what is kept', 'stored as'];

/** The stored row without its empty columns: what the example shows. */
function shownRow(e: StoredEventPreview): string {
  const row = Object.fromEntries(Object.entries(e.row).filter(([, v]) => v !== null));
  return JSON.stringify(row, null, 2);
}

function exampleBlocks(event: unknown, e: StoredEventPreview): Block[] {
  const dropped = e.fields.filter((f) => f.fate === 'dropped').map((f) => code(f.field));
  const placeholders = Object.entries(e.placeholders).map(([t, n]) => code(`<${t}> ×${n}`));
  const summary: Inline[] = [];
  if (dropped.length > 0) summary.push(text('Dropped: '), ...join(dropped), text('. '));
  if (placeholders.length > 0)
    summary.push(text('Removed from kept text: '), ...join(placeholders), text('.'));
  return [
    paragraph('**Example.** The agent sends:'),
    codeBlock('json', JSON.stringify(event, null, 2)),
    paragraph('and this is stored (empty columns left out):'),
    codeBlock('json', shownRow(e)),
    ...(summary.length > 0 ? [paragraph(...summary)] : []),
  ];
}

function join(items: Inline[]): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [text(', '), item]));
}

export function eventTypes(s: NoticeSettings): Block[] {
  const events = exampleEvents(EXAMPLE_RECEIVED_AT);
  const config = {
    ...DEFAULT_INGEST_CONFIG,
    pseudonymWindow: s.pseudonymWindow,
    maxContentBytes: s.maxContentBytes,
  };
  const preview = previewEvents(events, { ...EXAMPLE_IDENTITY, config, now: EXAMPLE_RECEIVED_AT });
  const id = EXAMPLE_IDENTITY;
  const blocks: Block[] = [
    heading(2, 'What is kept of each kind of event', 'events'),
    paragraph(
      'An agent sends events of the kinds below; anything else is refused. For each kind, this is every field it may carry and what happens to it. Fields not listed are never read.',
    ),
    paragraph('Fields every event carries:'),
    table(
      HEAD,
      fieldRows('file_edit', s, (f) => COMMON_FIELDS.has(f)),
    ),
    paragraph(
      `The examples below are one batch sent by a made-up employee, \`${id.employeeId}\`, whose agent sends the user name \`${id.identityHints.usernames[0]}\`, the e-mail address \`${id.identityHints.emails[0]}\` and the name \`${id.identityHints.names[0]}\` to be removed, from the computer \`${id.deviceId}\`. What is stored was computed by running the preview — the ingest function’s own code — on them. \`<you>\` and \`<session 1>\` stand for the codes that replace the employee and the session.`,
    ),
  ];
  for (const type of EVENT_TYPE_NAMES) {
    const index = events.findIndex((e) => e.type === type);
    const e = preview.events[index];
    if (e?.verdict !== 'stored') throw new Error(`notice: the example of ${type} was not stored`);
    blocks.push(
      heading(3, `${type}: ${EVENT_TYPES[type].doc}`, `type-${type}`),
      table(
        HEAD,
        fieldRows(type, s, (f) => !COMMON_FIELDS.has(f)),
      ),
      ...exampleBlocks(events[index], e),
    );
  }
  return blocks;
}
