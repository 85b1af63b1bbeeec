import type { AgentInfo, IdentityHints } from '../schema/index.ts';
import { Rng } from './prng.ts';

/** A simulated employee: who they are, what their device runs, what they work on. */
export interface SimEmployee {
  /** Envelope `employee_id`, e.g. `E000123`. */
  readonly employeeId: string;
  /** Sent with every batch so the scrubber can remove the employee's own identifiers. */
  readonly identityHints: Required<IdentityHints>;
  readonly agent: AgentInfo;
  readonly deviceId: string;
  readonly name: string;
  readonly username: string;
  readonly email: string;
  /** e.g. `/Users/ana.silva`, `/home/asilva`, `C:\Users\asilva`. */
  readonly homeDir: string;
  readonly projects: readonly SimProject[];
}

export type Language = 'typescript' | 'python' | 'go' | 'sql' | 'yaml';

export interface SimProject {
  readonly name: string;
  readonly root: string;
  readonly language: Language;
}

// Distinctive names, so that a planted name does not occur by chance in ordinary text.
const FIRST = [
  'Ana',
  'Bongani',
  'Chiara',
  'Dmitri',
  'Efua',
  'Farhan',
  'Greta',
  'Haruki',
  'Ingrid',
  'Jovan',
  'Kalani',
  'Leilani',
  'Mateus',
  'Nadia',
  'Oluwaseun',
  'Priya',
  'Quentin',
  'Rafaela',
  'Soren',
  'Tamsin',
  'Ulrike',
  'Valentina',
  'Wojciech',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Anselm',
  'Birgitta',
  'Cosimo',
  'Dagny',
] as const;
const LAST = [
  'Silva',
  'Okonkwo',
  'Lindqvist',
  'Nakamura',
  'Petrovic',
  'Haddad',
  'Kowalczyk',
  'Ferreira',
  'Abernathy',
  'Castellanos',
  'Oyelaran',
  'Vasquez',
  'Tanaka',
  'Moreau',
  'Brennan',
  'Achterberg',
  'Szabo',
  'Ramaswamy',
  'Delacroix',
  'Fitzgerald',
  'Gustafsson',
  'Ivanova',
  'Jankowski',
  'Mbeki',
  'Novak',
  'Quispe',
  'Rasmussen',
] as const;

export const COMPANY_DOMAIN = 'northwind-labs.com';
/** People of the simulated company: one per name of the grid (see `companyRoster`). */
export const COMPANY_SIZE = FIRST.length * LAST.length;

const PROJECTS: readonly (readonly [string, Language])[] = [
  ['payments-api', 'typescript'],
  ['web-dashboard', 'typescript'],
  ['notification-service', 'typescript'],
  ['ml-pipeline', 'python'],
  ['forecasting', 'python'],
  ['data-quality', 'python'],
  ['edge-proxy', 'go'],
  ['inventory-svc', 'go'],
  ['warehouse-models', 'sql'],
  ['reporting-marts', 'sql'],
  ['platform-infra', 'yaml'],
  ['k8s-manifests', 'yaml'],
];

const OS_TABLE = [
  ['macos', 55],
  ['linux', 30],
  ['windows', 15],
] as const;

function username(rng: Rng, first: string, last: string, index: number): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  // The index keeps usernames unique within a run without making them look synthetic.
  const base = rng.pick([`${f}.${l}`, `${f[0]}${l}`, `${f}${l}`, `${f}_${l}`]);
  return index < FIRST.length * LAST.length ? base : `${base}${index}`;
}

/** The `index`-th employee of a run; depends only on (seed, index). */
export function makeEmployee(seed: string, index: number): SimEmployee {
  const rng = Rng.of(seed, 'employee', index);
  // Walk the name grid so that the first |FIRST|·|LAST| employees have distinct names.
  const first = FIRST[index % FIRST.length]!;
  const last = LAST[(index + Math.floor(index / FIRST.length)) % LAST.length]!;
  const name = `${first} ${last}`;
  const user = username(rng, first, last, index);
  const email = `${first.toLowerCase()}.${last.toLowerCase()}@${COMPANY_DOMAIN}`;
  const os = rng.weighted(OS_TABLE);
  const homeDir = os === 'macos' ? `/Users/${user}` : os === 'linux' ? `/home/${user}` : `C:\\Users\\${user}`;
  const sep = os === 'windows' ? '\\' : '/';
  const codeDir = rng.pick(['code', 'src', 'work', 'projects', 'dev']);
  const projects: SimProject[] = [];
  const count = rng.int(1, 3);
  const pool = [...PROJECTS];
  for (let i = 0; i < count; i++) {
    const [p] = pool.splice(rng.int(0, pool.length - 1), 1);
    const [pname, language] = p!;
    projects.push({ name: pname, language, root: [homeDir, codeDir, pname].join(sep) });
  }
  return {
    employeeId: `E${String(100000 + index).padStart(6, '0')}`,
    identityHints: { usernames: [user], emails: [email], names: [name] },
    agent: {
      name: 'activity-agent',
      version: rng.pick(['1.4.2', '1.4.3', '1.5.0']),
      os,
    },
    deviceId: `dev-${rng.hex(12)}`,
    name,
    username: user,
    email,
    homeDir,
    projects,
  };
}

/** A colleague (someone of the company's roster) with a private or work address, for planted personal data. */
export function coworker(rng: Rng): { name: string; email: string } {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const domain = rng.weighted([
    [COMPANY_DOMAIN, 6],
    ['gmail.com', 2],
    ['outlook.com', 1],
    ['proton.me', 1],
  ] as const);
  const sep = rng.pick(['.', '_', '']);
  return { name: `${first} ${last}`, email: `${first.toLowerCase()}${sep}${last.toLowerCase()}@${domain}` };
}
