/** Minimal valid requests for tests that need volume, not realism. */
import { randomUUID } from 'node:crypto';
import type { RequestEnvelope, RequestEvent } from '../../lib/schema/index.ts';

export function terminalEvent(overrides: Partial<RequestEvent> = {}): RequestEvent {
  return {
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    type: 'terminal_command',
    session_id: 'session-1',
    app: 'iterm2',
    command: 'npm test -- --reporter=dot',
    exit_code: 0,
    duration_ms: 1200,
    ...overrides,
  } as RequestEvent;
}

export function envelope(events: RequestEvent[], employeeId = 'emp-0001'): RequestEnvelope {
  return {
    employee_id: employeeId,
    device_id: 'device-0001',
    agent: { name: 'test-agent', version: '1.0.0', os: 'linux' },
    events,
  };
}

/** POSTs a body; with `token`, as the agent of that token's employee. */
export async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export interface Verdict {
  readonly index: number;
  readonly event_id: string | null;
  readonly status: string;
}

export function acceptedIds(json: Record<string, unknown>): string[] {
  const results = (json['results'] ?? []) as Verdict[];
  return results.filter((r) => r.status === 'accepted').map((r) => r.event_id!);
}
