/**
 * Who is calling. The edges decide it from credentials — the SigV4 identity in Lambda, a bearer
 * token in local mode — never from the request body: otherwise anyone holding agent credentials
 * could post as a colleague and use the stored pseudonym as an oracle for that colleague's rows.
 */

/** The caller as an edge established it, before the body is read. */
export type Caller =
  /** Authenticated: every event of the request belongs to this employee (already normalised). */
  | { readonly kind: 'employee'; readonly employeeId: string }
  /** Local development only (`npm start -- --open`): the body's `employee_id` is trusted. */
  | { readonly kind: 'unauthenticated_open' }
  /** No usable credentials (local mode: missing or invalid token) → 401. */
  | { readonly kind: 'unauthenticated' }
  /** Authenticated, but not as an agent of this deployment (another role, an IAM user, none) → 403. */
  | { readonly kind: 'forbidden' };

/**
 * The one normalisation of an employee id, used wherever ids are compared or pseudonymized:
 * Unicode compatibility forms folded (NFKC), surrounding white space trimmed, case folded. So the
 * certificate's `E000123`, a session name `e000123` and a body's full-width `Ｅ000123` are one
 * person with one pseudonym.
 */
export function normalizeEmployeeId(id: string): string {
  return id.normalize('NFKC').trim().toLowerCase();
}

export const employeeCaller = (employeeId: string): Caller => ({
  kind: 'employee',
  employeeId: normalizeEmployeeId(employeeId),
});
