/**
 * The collection notice can never drift from the code: the committed files are exactly what the
 * generator makes of the policy, the scrubber, the release rules and the settings, and what the
 * generator makes follows each of them.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { CONTENT_POLICY } from '../../lib/ingest/policy.ts';
import { PLACEHOLDER_TYPES } from '../../lib/ingest/scrub/index.ts';
import { EXAMPLE_IDENTITY, EXAMPLE_RECEIVED_AT, exampleEvents } from '../../lib/notice/examples.ts';
import { noticePaths, renderNotice } from '../../lib/notice/notice-files.ts';
import { DEFAULT_NOTICE_SETTINGS } from '../../lib/notice/settings.ts';
import { previewEvents, type StoredEventPreview } from '../../lib/preview/preview-events.ts';
import { QUASI_IDENTIFIER_COLUMNS, RELEASE_REMOVED_COLUMNS } from '../../lib/schema/released.ts';
import { EVENT_TYPE_NAMES } from '../../lib/schema/request.ts';

const generated = renderNotice();
const paths = noticePaths(REPO_ROOT);

describe('the committed notice is what the generator produces now', () => {
  it('docs/what-we-collect.md is current (else: npm run notice, and commit)', async () => {
    expect(await readFile(paths.markdown, 'utf8')).toBe(generated.markdown);
  });

  it('docs/what-we-collect.html is current (else: npm run notice, and commit)', async () => {
    expect(await readFile(paths.html, 'utf8')).toBe(generated.html);
  });

  it('npm run notice -- --check says so, as CI or a reviewer runs it', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        'npm',
        ['run', '--silent', 'notice', '--', '--check'],
        { cwd: REPO_ROOT, timeout: 60_000 },
        (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }),
      ),
    );
    expect(r).toEqual({ code: 0, stdout: 'the collection notice is current\n' });
  });
});

describe('it covers every event type, field and placeholder the code knows', () => {
  it('has a section for every event type, naming each field of the content policy', () => {
    for (const type of EVENT_TYPE_NAMES) {
      const section =
        generated.markdown.split(`### ${type.replace(/_/g, '\\_')}:`)[1]?.split('\n### ')[0] ?? '';
      expect(section, type).not.toBe('');
      for (const field of Object.keys(CONTENT_POLICY[type]))
        expect(section, `${type}.${field}`).toContain(`| \`${field}\` |`);
    }
  });

  it('describes every placeholder type the scrubber can write', () => {
    for (const t of PLACEHOLDER_TYPES) expect(generated.markdown, t).toContain(`| \`<${t}>\` |`);
  });

  it('names every column the release removes and every value it may blank', () => {
    for (const c of [...RELEASE_REMOVED_COLUMNS, ...QUASI_IDENTIFIER_COLUMNS])
      expect(generated.markdown, c).toContain(`\`${c}\``);
  });
});

describe('its worked examples are the preview of the example events', () => {
  it('shows, for each type, the stored row the preview computes', () => {
    const preview = previewEvents(exampleEvents(), { ...EXAMPLE_IDENTITY, now: EXAMPLE_RECEIVED_AT });
    const blocks = [...generated.markdown.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) =>
      JSON.parse(m[1] ?? ''),
    );
    expect(blocks).toHaveLength(2 * EVENT_TYPE_NAMES.length);
    preview.events.forEach((e, i) => {
      const row = Object.fromEntries(
        Object.entries((e as StoredEventPreview).row).filter(([, v]) => v !== null),
      );
      expect(blocks[2 * i]).toEqual(exampleEvents()[i]);
      expect(blocks[2 * i + 1]).toEqual(row);
    });
  });
});

describe('it states the settings of the deployment it describes', () => {
  const custom = renderNotice({
    ...DEFAULT_NOTICE_SETTINGS,
    pseudonymWindow: 'week',
    retentionDays: 90,
    releaseMinContributors: 7,
    releaseMinSessionEvents: 4,
    maxContentBytes: 32 * 1024,
    peopleDirectory: true,
  }).markdown;

  it.each([
    ['the pseudonym window', 'changes every week (Monday to Sunday)', 'changes every day'],
    ['the retention', 'deleted after 90 days', 'deleted after 365 days'],
    ['k of the release', 'at least 7 different people', 'at least 5 different people'],
    ['the shortest released session', 'fewer than 4 events', 'fewer than 3 events'],
    ['the content cap', 'cut at 32 KiB', 'cut at 64 KiB'],
    ['the people directory', 'loads the organisation’s people directory', 'loads no people directory'],
  ])('%s', (_setting, inCustom, inDefault) => {
    expect(custom).toContain(inCustom);
    expect(generated.markdown).toContain(inDefault);
    expect(custom).not.toContain(inDefault);
  });
});

describe('it cannot be misread as markup', () => {
  it('Markdown: every placeholder sits in code, so no renderer takes <EMAIL> for a tag', () => {
    const prose = generated.markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/(?<!\\)<[A-Z_]+>/);
  });

  it('HTML: self-contained — no script, no external or local resource, a CSP that forbids loading any', () => {
    const html = generated.html;
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).toContain('&lt;PASSWORD&gt;');
    expect(html).not.toContain('<PASSWORD>');
  });
});
