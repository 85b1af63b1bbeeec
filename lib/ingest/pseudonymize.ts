import { createHmac } from 'node:crypto';

/** What a pseudonym stands for; part of the HMAC input so a session id can never collide with an employee id. */
export type PseudonymKind = 'contributor' | 'session';

/**
 * `hex(HMAC-SHA256(windowKey, kind + "|" + id))`. The window key is secret and differs per window,
 * so the same person links within one window only and nobody without the key can compute it.
 */
export function pseudonym(windowKey: Uint8Array, kind: PseudonymKind, id: string): string {
  return createHmac('sha256', windowKey).update(`${kind}|${id}`, 'utf8').digest('hex');
}

/**
 * Pseudonyms of one request: the contributor once, each distinct session once. A session pseudonym
 * is keyed by the (authenticated) employee too: session ids are chosen by clients, so otherwise
 * anyone could post under a colleague's session id and find the colleague's rows through the
 * shared session pseudonym.
 */
export function createPseudonymizer(windowKey: Uint8Array, employeeId: string) {
  const contributor = pseudonym(windowKey, 'contributor', employeeId);
  const sessions = new Map<string, string>();
  return {
    contributor,
    session(sessionId: string): string {
      let value = sessions.get(sessionId);
      if (value === undefined) {
        // JSON-encoded pair: no choice of the two strings can collide with another pair.
        value = pseudonym(windowKey, 'session', JSON.stringify([employeeId, sessionId]));
        sessions.set(sessionId, value);
      }
      return value;
    },
  };
}
