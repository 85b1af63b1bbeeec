import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymizer, pseudonym } from '../../lib/ingest/pseudonymize.ts';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
// Ids of at least 8 characters: a shorter all-hex id could occur inside 64 hex digits by chance.
const rawId = fc.string({ minLength: 8, maxLength: 64 });

describe('a pseudonym links one person within a window, never across windows', () => {
  it('same person and window key → same pseudonym', () => {
    fc.assert(
      fc.property(key, rawId, (k, id) => {
        expect(pseudonym(k, 'contributor', id)).toBe(pseudonym(k, 'contributor', id));
      }),
    );
  });

  it('another window key → another pseudonym', () => {
    fc.assert(
      fc.property(key, key, rawId, (k1, k2, id) => {
        fc.pre(Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0);
        expect(pseudonym(k1, 'contributor', id)).not.toBe(pseudonym(k2, 'contributor', id));
      }),
    );
  });

  it('different people in one window → different pseudonyms', () => {
    fc.assert(
      fc.property(key, rawId, rawId, (k, a, b) => {
        fc.pre(a !== b);
        expect(pseudonym(k, 'contributor', a)).not.toBe(pseudonym(k, 'contributor', b));
      }),
    );
  });

  it('never equals or contains the raw identifier, and is 64 hex digits', () => {
    fc.assert(
      fc.property(key, rawId, fc.constantFrom('contributor' as const, 'session' as const), (k, id, kind) => {
        const p = pseudonym(k, kind, id);
        expect(p).toMatch(/^[0-9a-f]{64}$/);
        expect(p).not.toBe(id);
        expect(p.includes(id)).toBe(false);
        expect(p.includes(id.toLowerCase())).toBe(false);
      }),
    );
  });

  it('keeps the employee and session namespaces apart: the same string gives different values', () => {
    fc.assert(
      fc.property(key, rawId, (k, id) => {
        expect(pseudonym(k, 'contributor', id)).not.toBe(pseudonym(k, 'session', id));
      }),
    );
  });

  it('is HMAC-SHA256(windowKey, kind|id), so KMS is needed once per window, not per event', async () => {
    const { createHmac } = await import('node:crypto');
    const k = new Uint8Array(32).fill(7);
    expect(pseudonym(k, 'contributor', 'E-1')).toBe(
      createHmac('sha256', k).update('contributor|E-1').digest('hex'),
    );
    const p = createPseudonymizer(k, 'E-1');
    expect(p.contributor).toBe(pseudonym(k, 'contributor', 'E-1'));
    expect(p.session('s-1')).toBe(pseudonym(k, 'session', '["E-1","s-1"]'));
  });

  it('keys sessions by the employee too: a colleague reusing a session id gets another session pseudonym', () => {
    const k = new Uint8Array(32).fill(7);
    const a = createPseudonymizer(k, 'e-1');
    const b = createPseudonymizer(k, 'e-2');
    expect(a.session('vscode-session-42')).not.toBe(b.session('vscode-session-42'));
    expect(a.session('vscode-session-42')).toBe(createPseudonymizer(k, 'e-1').session('vscode-session-42'));
    // The encoding of the pair leaves no room for a collision by moving a separator.
    expect(createPseudonymizer(k, 'a|b').session('c')).not.toBe(createPseudonymizer(k, 'a').session('b|c'));
  });
});
