import type { Person } from '../directory/people-csv.ts';
import { COMPANY_SIZE, makeEmployee } from './employees.ts';

/**
 * The simulated company's people file: everyone on the name grid (the employees a run simulates
 * are its first ones, and every colleague named in traffic is one of them), with the user name,
 * e-mail and employee id the company's directory would list.
 */
export function companyRoster(seed: number | string, size: number = COMPANY_SIZE): Person[] {
  return Array.from({ length: size }, (_, i) => {
    const e = makeEmployee(String(seed), i);
    return { employeeId: e.employeeId, name: e.name, usernames: [e.username], emails: [e.email] };
  });
}
