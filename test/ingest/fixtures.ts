/** Builders for requests, events and dependencies used across the ingest specifications. */
import { randomUUID } from 'node:crypto';
import { employeeCaller } from '../../lib/ingest/caller.ts';
import { DEFAULT_INGEST_CONFIG } from '../../lib/ingest/config.ts';
import type { IngestConfig, IngestRequest, WindowKeyProvider } from '../../lib/ingest/ports.ts';

export const RECEIVED_AT = new Date('2026-11-27T07:00:00.000Z');
/** The employee the default request's credentials name, and its envelope repeats. */
export const EMPLOYEE_ID = 'E-1029384';
export const config: IngestConfig = { ...DEFAULT_INGEST_CONFIG, internalDomains: ['corp.example.com'] };

/** A fixed key per window, for tests that are not about KMS. */
export function fixedKeys(): WindowKeyProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async windowKey(window: string) {
      calls.push(window);
      return new Uint8Array(32).fill(window.length);
    },
  };
}

type Json = Record<string, unknown>;

export function event(type: string, fields: Json = {}): Json {
  return {
    event_id: randomUUID(),
    occurred_at: '2026-11-27T06:59:00.000Z',
    type,
    session_id: 'sess-4f1c2a',
    app: 'vscode',
    ...fields,
  };
}

/** One valid event of every type, with typical values. */
export const typical: Record<string, () => Json> = {
  file_edit: () =>
    event('file_edit', {
      path: '/Users/alice/src/shop/src/cart.ts',
      project_root: '/Users/alice/src/shop',
      language: 'typescript',
      diff: '@@ -1,2 +1,3 @@\n-const total = 0;\n+const total = items.reduce((a, b) => a + b.price, 0);\n',
      lines_added: 1,
      lines_removed: 1,
    }),
  terminal_command: () =>
    event('terminal_command', {
      command: 'npm test -- --run cart',
      cwd: '/Users/alice/src/shop',
      project_root: '/Users/alice/src/shop',
      shell: 'zsh',
      exit_code: 1,
      duration_ms: 5321,
    }),
  test_run: () =>
    event('test_run', { framework: 'vitest', passed: 41, failed: 2, skipped: 1, duration_ms: 2300 }),
  build: () =>
    event('build', {
      tool: 'tsc',
      success: false,
      duration_ms: 1800,
      diagnostics: "src/cart.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      error_count: 1,
      warning_count: 0,
    }),
  navigation: () =>
    event('navigation', {
      url: 'https://docs.python.org/3/library/re.html?q=lookahead#syntax',
      duration_ms: 61000,
    }),
  window_focus: () =>
    event('window_focus', { app: 'Slack', title: 'Alice Example - DM with Bob', duration_ms: 30000 }),
  keystroke_stats: () =>
    event('keystroke_stats', { keys: 420, deletions: 37, pastes: 2, duration_ms: 60000 }),
  clipboard: () => event('clipboard', { action: 'copy', length: 118 }),
  ai_assist: () =>
    event('ai_assist', {
      tool: 'copilot',
      outcome: 'partial',
      language: 'python',
      suggestion_length: 240,
      accepted_length: 80,
      latency_ms: 350,
    }),
};

export function envelope(events: unknown[], extra: Json = {}): Json {
  return {
    employee_id: EMPLOYEE_ID,
    device_id: 'alice-mbp-7781',
    identity_hints: {
      usernames: ['alice'],
      emails: ['alice.example@corp.example.com'],
      names: ['Alice Example'],
    },
    agent: { name: 'activity-agent', version: '1.4.2', os: 'macos' },
    events,
    ...extra,
  };
}

export function request(body: unknown, overrides: Partial<IngestRequest> = {}): IngestRequest {
  return {
    contentType: 'application/json',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    requestId: 'req-1',
    receivedAt: RECEIVED_AT,
    caller: employeeCaller(EMPLOYEE_ID),
    ...overrides,
  };
}
