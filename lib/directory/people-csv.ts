/**
 * The organisation's people file: CSV (RFC 4180 quoting, `,` between fields, LF or CRLF), header
 * `employee_id,name,usernames,emails` (any order), `;` between several user names or e-mails.
 * Problems are reported by line and column name, never by value: the file is personal data.
 */

export interface Person {
  readonly employeeId: string;
  readonly name: string;
  readonly usernames: readonly string[];
  readonly emails: readonly string[];
}

export const PEOPLE_COLUMNS = ['employee_id', 'name', 'usernames', 'emails'] as const;

export const PEOPLE_LIMITS = {
  /** Longest field, characters (the request schema's identifier limit). */
  maxFieldLength: 256,
  /** Most user names or e-mails of one person. */
  maxPerPerson: 20,
  /** Most people in one file. */
  maxPeople: 1_000_000,
  /** Problems listed before the rest is summarised. */
  maxProblems: 20,
} as const;

/** A people file that cannot be used; `problems` name lines and columns, never values. */
export class PeopleFileError extends Error {
  override readonly name = 'PeopleFileError';
  constructor(readonly problems: readonly string[]) {
    super(`people file: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  }
}

interface RawRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Splits CSV text into records, each with the line it starts on. */
function* records(text: string, problems: string[]): Generator<RawRecord> {
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        // Quoted field: `""` is a quote; newlines may be inside.
        let j = i + 1;
        for (;;) {
          if (j >= n) {
            problems.push(`line ${startLine}: unterminated quoted field`);
            return;
          }
          const ch = text[j]!;
          if (ch === '"') {
            if (text[j + 1] === '"') {
              field += '"';
              j += 2;
              continue;
            }
            j++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          j++;
        }
        i = j;
        // Anything between the closing quote and the next separator is kept, as most readers do.
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i >= n) break;
      const sep = text[i];
      i++;
      if (sep === ',') continue;
      if (sep === '\r' && text[i] === '\n') i++;
      line++;
      break;
    }
    yield { line: startLine, fields };
  }
}

const list = (value: string): string[] =>
  value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

/** Parses a people file; throws PeopleFileError listing every problem (up to a limit). */
export function parsePeopleCsv(text: string): Person[] {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < PEOPLE_LIMITS.maxProblems) problems.push(p);
    else if (problems.length === PEOPLE_LIMITS.maxProblems) problems.push('… further problems not listed');
  };
  const people: Person[] = [];
  let columns: number[] | null = null;
  for (const record of records(text, problems)) {
    if (record.fields.length === 1 && record.fields[0]!.trim() === '') continue;
    if (columns === null) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      record.fields.forEach((_, i) => {
        if (!(PEOPLE_COLUMNS as readonly string[]).includes(names[i]!))
          problem(`header: column ${i + 1} is not one of ${PEOPLE_COLUMNS.join(', ')}`);
      });
      for (const c of PEOPLE_COLUMNS) if (!names.includes(c)) problem(`header: column ${c} is missing`);
      if (new Set(names).size !== names.length) problem('header: a column appears twice');
      if (problems.length > 0) throw new PeopleFileError(problems);
      columns = PEOPLE_COLUMNS.map((c) => names.indexOf(c));
      continue;
    }
    const at = `line ${record.line}`;
    if (record.fields.length !== PEOPLE_COLUMNS.length) {
      problem(`${at}: expected ${PEOPLE_COLUMNS.length} fields, found ${record.fields.length}`);
      continue;
    }
    const value = (c: number) => record.fields[columns![c]!]!.trim();
    const person: Person = {
      employeeId: value(0),
      name: value(1).replace(/\s+/g, ' '),
      usernames: list(value(2)),
      emails: list(value(3)),
    };
    let ok = true;
    PEOPLE_COLUMNS.forEach((c, k) => {
      if (value(k).length > PEOPLE_LIMITS.maxFieldLength * (k >= 2 ? PEOPLE_LIMITS.maxPerPerson : 1)) {
        problem(`${at}: ${c}: too long`);
        ok = false;
      }
    });
    for (const [c, items] of [
      ['usernames', person.usernames],
      ['emails', person.emails],
    ] as const) {
      if (items.length > PEOPLE_LIMITS.maxPerPerson) {
        problem(`${at}: ${c}: more than ${PEOPLE_LIMITS.maxPerPerson} entries`);
        ok = false;
      }
      items.forEach((item, k) => {
        if (item.length > PEOPLE_LIMITS.maxFieldLength) {
          problem(`${at}: ${c}: entry ${k + 1} is longer than ${PEOPLE_LIMITS.maxFieldLength} characters`);
          ok = false;
        }
      });
    }
    person.emails.forEach((e, k) => {
      const at2 = e.lastIndexOf('@');
      if (at2 < 1 || at2 === e.length - 1 || /\s/.test(e)) {
        problem(`${at}: emails: entry ${k + 1} is not an e-mail address`);
        ok = false;
      }
    });
    if (!person.employeeId && !person.name && person.usernames.length === 0 && person.emails.length === 0) {
      problem(`${at}: no employee id, name, user name or e-mail`);
      ok = false;
    }
    if (ok) people.push(person);
    if (people.length > PEOPLE_LIMITS.maxPeople) {
      problem(`more than ${PEOPLE_LIMITS.maxPeople} people`);
      break;
    }
  }
  if (columns === null) problem('header: missing (expected employee_id,name,usernames,emails)');
  if (problems.length > 0) throw new PeopleFileError(problems);
  return people;
}

/** Writes people as a people file (the demo's roster, tests). Fields are quoted when they need it. */
export function formatPeopleCsv(people: readonly Person[]): string {
  const q = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = people.map((p) =>
    [p.employeeId, p.name, p.usernames.join(';'), p.emails.join(';')].map(q).join(','),
  );
  return `${PEOPLE_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}
