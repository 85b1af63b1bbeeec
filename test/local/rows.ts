/** Hand-built stored rows for tests of the delivery path that do not need the ingest core. */
import { randomUUID } from 'node:crypto';
import type { StoredRow } from '../../lib/schema/types.ts';
import { storedRow as baseRow } from '../support/stored-row.ts';

/** A terminal-command row with a fresh event_id, so rows written by one test never collide. */
export function storedRow(overrides: Partial<StoredRow> = {}): StoredRow {
  const receivedAt = overrides.received_at ?? '2026-11-27T07:00:00.000Z';
  return baseRow({
    event_id: randomUUID(),
    event_type: 'terminal_command',
    occurred_at: '2026-11-27T06:59:59.500Z',
    received_at: receivedAt,
    contributor: 'c'.repeat(43),
    session: 's'.repeat(43),
    pseudonym_window: receivedAt.slice(0, 10),
    app: 'iterm2',
    os: 'linux',
    agent_version: 'test-agent/1.0.0',
    tool: 'zsh',
    outcome: null,
    duration_ms: 1234,
    content: 'npm test -- --reporter=dot',
    exit_code: 0,
    counts: { lines: 3 },
    schema_version: 1,
    ...overrides,
  });
}
