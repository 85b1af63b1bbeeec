/**
 * Labels (app, language, tool, os, agent version) and registrable domains are stored whole, so one
 * that names someone is not stored at all: a label is dropped, a domain stored as NULL and counted
 * as PERSONAL_DOMAIN. Through the real core with an in-memory sink.
 */
import { describe, expect, it } from 'vitest';
import { Directory } from '../../lib/directory/index.ts';
import { fixedDirectory } from '../../lib/directory/source.ts';
import { handleIngestRequest } from '../../lib/ingest/handle-request.ts';
import { createMemorySink } from '../../lib/ingest/memory-sink.ts';
import type { StoredRow } from '../../lib/schema/types.ts';
import { config, envelope, event, request } from './fixtures.ts';

const directory = Directory.build([
  {
    employeeId: 'E000123',
    name: 'Ana Silva',
    usernames: ['asilva'],
    emails: ['ana.silva@northwind-labs.com'],
  },
  { employeeId: 'E000124', name: 'Bongani Okonkwo', usernames: ['bokonkwo'], emails: [] },
  { employeeId: 'E000125', name: 'Zyxa Quorvin', usernames: ['zquorvin'], emails: [] },
]);

/** Sends events as the fixtures' sender (hints: alice, alice.example@…, Alice Example) and returns the stored rows. */
async function store(events: unknown[], extra: Record<string, unknown> = {}): Promise<StoredRow[]> {
  const sink = createMemorySink();
  await handleIngestRequest(request(envelope(events, extra)), {
    config,
    sink,
    keys: { windowKey: async () => new Uint8Array(32) },
    directory: fixedDirectory(directory),
  });
  return sink.rows;
}

const nav = (url: string) => event('navigation', { url, duration_ms: 1000 });
const ai = (tool: string, language: string) =>
  event('ai_assist', {
    tool,
    outcome: 'accepted',
    language,
    suggestion_length: 1,
    accepted_length: 1,
    latency_ms: 1,
  });

describe('a domain built from someone’s identifier is stored as NULL and counted', () => {
  it.each([
    ['https://anasilva.dev/blog', 'a directory person’s full name'],
    ['https://ana-silva.io/', 'the same, hyphenated'],
    ['https://silvaana.com', 'reversed'],
    ['https://asilva.net/x', 'a directory user name'],
    ['https://bokonkwo-photos.co.uk/', 'a user name inside the label'],
    ['https://alice-example.me/cv', "the sender's own name"],
    ['https://aliceexample.dev', "the sender's own name, run together"],
  ])('%s (%s)', async (url) => {
    const [row] = await store([nav(url)]);
    expect(row!.domain).toBeNull();
    expect(row!.redactions).toEqual({ PERSONAL_DOMAIN: 1 });
  });

  it.each([
    'https://github.com/asilva',
    'https://docs.python.org/3/',
    'https://silvercrest.com',
    'https://anaconda.org',
  ])('keeps an ordinary domain: %s', async (url) => {
    const [row] = await store([nav(url)]);
    expect(row!.domain).toBe(new URL(url).hostname.split('.').slice(-2).join('.'));
    expect(row!.redactions).toBeNull();
  });
});

describe('a label that names someone is dropped, and what it was is counted', () => {
  it.each([
    [{ app: 'Zyxa Quorvin' }, 'app', 'IDENTITY'],
    [{ app: 'zyxa quorvin' }, 'app', 'IDENTITY'],
    [{ app: 'Jane Doe' }, 'app', 'PERSON_NAME'],
    [{ app: 'jane doe' }, 'app', 'PERSON_NAME'],
    [{ app: 'asilva-scripts' }, 'app', 'IDENTITY'],
    [{ app: 'aliceexample tools' }, 'app', 'IDENTITY'],
    [{ app: '1 (415) 555-0134' }, 'app', 'PHONE'],
    [{ app: '415 555 0134' }, 'app', 'PHONE'],
  ])('%j', async (fields, column, type) => {
    const [row] = await store([{ ...ai('copilot', 'python'), ...fields }]);
    expect(row![column as 'app']).toBeNull();
    expect(row!.redactions?.[type]).toBe(1);
  });

  it('tool and language too', async () => {
    const [row] = await store([ai('Bongani Okonkwo', 'asilvascript')]);
    expect(row!.tool).toBeNull();
    expect(row!.language).toBeNull();
    expect(row!.redactions).toEqual({ IDENTITY: 2 });
  });

  it('and the agent’s os and version', async () => {
    const [row] = await store([ai('copilot', 'python')], {
      agent: { name: 'activity-agent', version: '1.4.2', os: 'Ana Silva' },
    });
    expect(row!.os).toBeNull();
    expect(row!.agent_version).toBe('activity-agent/1.4.2');
  });

  it.each([
    'vscode',
    'Visual Studio Code',
    'python',
    'ruby',
    'julia',
    'Jenkins',
    'iTerm2',
    'windows 11',
    'copilot',
  ])('keeps an ordinary label: %s', async (app) => {
    const [row] = await store([{ ...ai('copilot', 'python'), app }]);
    expect(row!.app).toBe(app);
    expect(row!.redactions).toBeNull();
  });
});
