/**
 * Pseudonyms for a preview: placeholders, never computed. The stored pseudonyms are HMACs under a
 * key only the ingest function may use; a preview shows where they go and which events they link.
 */
import type { Pseudonyms } from '../ingest/make-rows.ts';

/** Stands for the `contributor` pseudonym of the employee. */
export const YOU = '<you>';

/** `<session 1>`, `<session 2>`, … in the order the preview first meets each session id. */
export function placeholderPseudonyms(): Pseudonyms {
  const sessions = new Map<string, string>();
  return {
    contributor: YOU,
    session(sessionId: string): string {
      let placeholder = sessions.get(sessionId);
      if (placeholder === undefined) {
        placeholder = `<session ${sessions.size + 1}>`;
        sessions.set(sessionId, placeholder);
      }
      return placeholder;
    },
  };
}
