/** A complete stored row, for delivery tests that are not about how rows are made. */
import { SCHEMA_VERSION } from '../../lib/schema/columns.ts';
import type { StoredRow } from '../../lib/schema/types.ts';

export function storedRow(overrides: Partial<StoredRow> = {}): StoredRow {
  return {
    event_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    event_type: 'build',
    occurred_at: '2026-11-27T06:59:00.000Z',
    received_at: '2026-11-27T07:00:00.000Z',
    contributor: 'a'.repeat(64),
    session: 'b'.repeat(64),
    pseudonym_window: '2026-11-27',
    app: null,
    os: 'macos',
    agent_version: 'activity-agent/1.4.2',
    tool: 'tsc',
    outcome: 'failure',
    duration_ms: 1800,
    language: null,
    path: null,
    domain: null,
    content: 'error TS2322',
    content_truncated: false,
    exit_code: null,
    counts: { errors: 1 },
    redactions: {},
    schema_version: SCHEMA_VERSION,
    ...overrides,
  };
}
