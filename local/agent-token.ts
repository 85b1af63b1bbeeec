/**
 * Local mode's agent credentials: a bearer token per employee, derived from the data folder's
 * local key, so the server needs no token store and can verify statelessly:
 *   v1.<base64url(employee id)>.<base64url(HMAC-SHA256(key, "agent-token|v1|" + employee id))>
 * The label keeps token MACs apart from the pseudonym window keys made with the same secret.
 * Whoever can read the key file can mint tokens: like the key, this is for local use only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Caller, employeeCaller, normalizeEmployeeId } from '../lib/ingest/caller.ts';

const VERSION = 'v1';
const LABEL = 'agent-token|v1|';
/** Bound on what is decoded from an untrusted header (ids are at most 256 characters). */
const MAX_TOKEN_LENGTH = 2048;
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,1400})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: Uint8Array, employeeId: string): Buffer {
  return createHmac('sha256', secret).update(`${LABEL}${employeeId}`, 'utf8').digest();
}

/** The token of one employee (ids are normalised first, so `E000123` and `e000123` get one token). */
export function mintAgentToken(secret: Uint8Array, employeeId: string): string {
  const id = normalizeEmployeeId(employeeId);
  if (id === '') throw new RangeError('employee id: must not be empty');
  return `${VERSION}.${Buffer.from(id, 'utf8').toString('base64url')}.${mac(secret, id).toString('base64url')}`;
}

/** The employee a token names, or null when it is malformed or was not made with this key. */
export function verifyAgentToken(secret: Uint8Array, token: string): string | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const m = TOKEN.exec(token);
  if (!m) return null;
  const id = Buffer.from(m[1] as string, 'base64url').toString('utf8');
  // Only the canonical spelling is valid, so one employee has exactly one token.
  if (id === '' || normalizeEmployeeId(id) !== id) return null;
  const given = Buffer.from(m[2] as string, 'base64url');
  const expected = mac(secret, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The caller of a request, from its `Authorization` header (RFC 6750 bearer token). */
export function callerFromAuthorization(secret: Uint8Array, authorization: string | undefined): Caller {
  if (authorization === undefined) return { kind: 'unauthenticated' };
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  const employeeId = m ? verifyAgentToken(secret, m[1] as string) : null;
  return employeeId === null ? { kind: 'unauthenticated' } : employeeCaller(employeeId);
}
