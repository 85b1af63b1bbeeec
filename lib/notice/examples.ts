/**
 * One synthetic event per event type, sent by a synthetic employee, for the notice's worked
 * examples: each is run through the preview (the ingest core) to show what would be stored. Every
 * name, address and secret here is made up; each example carries something the core removes.
 */
import type { EventType, RequestEnvelope, RequestEvent } from '../schema/request.ts';

/** The synthetic employee of the examples: the identity an agent sends beside the events. */
export const EXAMPLE_IDENTITY = {
  employeeId: 'E000123',
  deviceId: 'asilva-mbp-7781',
  identityHints: { usernames: ['asilva'], emails: ['ana.silva@example.com'], names: ['Ana Silva'] },
  agent: { name: 'activity-agent', version: '1.4.2', os: 'macos' },
} as const satisfies {
  employeeId: string;
  deviceId: string;
  identityHints: NonNullable<RequestEnvelope['identity_hints']>;
  agent: RequestEnvelope['agent'];
};

/** When the notice's examples are "received": fixed, so the generated notice is reproducible. */
export const EXAMPLE_RECEIVED_AT = new Date('2026-11-27T09:00:00.000Z');

const PROJECT = '/Users/asilva/src/shop';

type Example<T extends EventType> = Omit<Extract<RequestEvent, { type: T }>, 'event_id' | 'occurred_at'>;

/** Per type, the event without its id and instant (those are added relative to the receipt time). */
const EXAMPLES: { readonly [T in EventType]: Example<T> } = {
  file_edit: {
    type: 'file_edit',
    session_id: 'vscode-41c7',
    app: 'Code',
    project_root: PROJECT,
    path: `${PROJECT}/src/cart.ts`,
    language: 'typescript',
    diff: [
      '@@ -10,3 +10,4 @@ export function total(cart: Cart) {',
      '-  const password = "hunter2-horse-battery";',
      '+  // reviewed with ana.silva@example.com',
      '+  return cart.items.reduce((sum, i) => sum + i.price, 0);',
    ].join('\n'),
    lines_added: 2,
    lines_removed: 1,
  },
  terminal_command: {
    type: 'terminal_command',
    session_id: 'iterm-9f02',
    app: 'iTerm2',
    project_root: PROJECT,
    cwd: PROJECT,
    command: 'psql postgres://shop:Tr0ub4dor-3@10.1.2.3:5432/shop -c "select count(*) from orders"',
    shell: 'zsh',
    exit_code: 0,
    duration_ms: 840,
  },
  test_run: {
    type: 'test_run',
    session_id: 'iterm-9f02',
    app: 'iTerm2',
    framework: 'vitest',
    passed: 41,
    failed: 1,
    skipped: 2,
    duration_ms: 5210,
  },
  build: {
    type: 'build',
    session_id: 'iterm-9f02',
    app: 'iTerm2',
    project_root: PROJECT,
    tool: 'tsc',
    success: false,
    diagnostics: `${PROJECT}/src/cart.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.`,
    error_count: 1,
    warning_count: 0,
    duration_ms: 3100,
  },
  navigation: {
    type: 'navigation',
    session_id: 'browser-77aa',
    app: 'Firefox',
    url: 'https://docs.github.com/en/actions/using-workflows?user=asilva#triggers',
    duration_ms: 45000,
  },
  window_focus: {
    type: 'window_focus',
    session_id: 'desktop-0c3e',
    app: 'Slack',
    title: 'Direct message with Bob Jones — salary review',
    duration_ms: 30000,
  },
  keystroke_stats: {
    type: 'keystroke_stats',
    session_id: 'vscode-41c7',
    app: 'Code',
    keys: 1520,
    deletions: 88,
    pastes: 3,
    duration_ms: 600000,
  },
  clipboard: {
    type: 'clipboard',
    session_id: 'vscode-41c7',
    app: 'Code',
    action: 'paste',
    length: 342,
  },
  ai_assist: {
    type: 'ai_assist',
    session_id: 'vscode-41c7',
    app: 'Code',
    tool: 'copilot',
    outcome: 'partial',
    language: 'typescript',
    suggestion_length: 120,
    accepted_length: 64,
    latency_ms: 350,
  },
};

/** The example of each type, in the schema's order, as sent `receivedAt` (ids fixed, instants a minute apart before it). */
export function exampleEvents(receivedAt: Date = EXAMPLE_RECEIVED_AT): RequestEvent[] {
  const types = Object.keys(EXAMPLES) as EventType[];
  return types.map((type, i) => {
    const occurred = new Date(receivedAt.getTime() - (types.length - i) * 60_000);
    return {
      event_id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      occurred_at: occurred.toISOString(),
      ...EXAMPLES[type],
    } as RequestEvent;
  });
}
