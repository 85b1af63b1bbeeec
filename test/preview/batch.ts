/**
 * One employee's batch for the preview specifications: the notice's example of every event type,
 * plus events that exercise each way a field can be dropped, scrubbed or rejected. Identifiers and
 * secrets are planted so that a test can prove they are never shown.
 */
import { EXAMPLE_IDENTITY, exampleEvents } from '../../lib/notice/examples.ts';
import type { RequestEnvelope, RequestEvent } from '../../lib/schema/request.ts';

export const IDENTITY = EXAMPLE_IDENTITY;

/** Strings that must never appear in a preview's output (the scrubber or the policy removes each). */
export const PLANTED = {
  password: 'hunter2-horse-battery',
  uriPassword: 'Tr0ub4dor-3',
  email: 'ana.silva@example.com',
  title: 'salary review',
  employeeSpelled: 'E-000123',
  device: 'asilva-mbp-7781',
  otherHome: 'jdoe-laptop-user',
  token: 'ghp_Z1x2C3v4B5n6M7a8S9d0F1g2H3j4K5l6Q7w8',
  projectRootSecret: 'root-of-secrets',
  sessionId: 'vscode-41c7',
} as const;

const id = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

/** Events for `now`: every type's example, then the edge cases, then events the API rejects. */
export function previewBatch(now: Date): unknown[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const extra: unknown[] = [
    {
      event_id: id(1),
      occurred_at: at(8),
      type: 'terminal_command',
      session_id: 'iterm-9f02',
      app: 'Ana Silva', // a label naming the employee: dropped whole
      project_root: `/Users/asilva/${PLANTED.projectRootSecret}`,
      cwd: `/home/${PLANTED.otherHome}/tmp`,
      command: `echo ${PLANTED.employeeSpelled} on ${PLANTED.device} && git push https://x:${PLANTED.token}@github.com/o/r \u001b[31mred\u001b[0m \u202eevil`,
      shell: 'zsh',
      exit_code: 1,
    },
    {
      event_id: id(2),
      occurred_at: at(7),
      type: 'navigation',
      session_id: 'browser-77aa',
      url: 'https://asilva.dev/blog/2026', // a domain built from the employee's user name: NULL
    },
    {
      event_id: id(3),
      occurred_at: at(6),
      type: 'navigation',
      session_id: 'browser-77aa',
      url: 'http://10.20.30.40:8080/admin', // no registrable domain
    },
    {
      event_id: id(4),
      occurred_at: at(5),
      type: 'ai_assist',
      session_id: 'vscode-41c7',
      app: 'Code\tInsiders', // not a short name
      outcome: 'accepted',
      language: 'rust',
    },
    {
      event_id: id(5),
      occurred_at: at(4),
      type: 'build',
      session_id: 'iterm-9f02',
      tool: 'cargo',
      success: true,
      diagnostics: `warning: ${'unused variable `x` '.repeat(4000)}`, // over the 64 KiB content cap: cut
    },
    { event_id: id(6), occurred_at: at(3), type: 'screen_capture', session_id: 's' }, // unknown type
    { event_id: id(7), occurred_at: at(3), type: 'test_run', session_id: 's', framework: 'jest' }, // required counts missing
    { event_id: id(1), occurred_at: at(2), type: 'clipboard', session_id: 's', length: 3 }, // duplicate event_id
    {
      event_id: id(8),
      occurred_at: new Date(now.getTime() + 3 * 86_400_000).toISOString(), // too far in the future
      type: 'clipboard',
      session_id: 's',
      length: 3,
    },
  ];
  return [...exampleEvents(new Date(now.getTime() - 10 * 60_000)), ...extra];
}

/** The request an agent of IDENTITY would send with these events. */
export function envelopeOf(events: unknown[]): RequestEnvelope {
  return {
    employee_id: IDENTITY.employeeId,
    device_id: IDENTITY.deviceId,
    identity_hints: IDENTITY.identityHints,
    agent: IDENTITY.agent,
    events: events as RequestEvent[],
  };
}
