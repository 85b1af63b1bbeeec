/** The people file: RFC 4180 CSV with a fixed header; problems name lines and columns, never values. */
import { describe, expect, it } from 'vitest';
import { formatPeopleCsv, PeopleFileError, parsePeopleCsv } from '../../lib/directory/index.ts';

const HEADER = 'employee_id,name,usernames,emails';

describe('reads the people file', () => {
  it('reads quoted fields, several user names and e-mails, CRLF, a BOM and blank lines', () => {
    const text = `\ufeff${HEADER}\r\nE000123,"Silva, Ana",asilva; ana.silva ,ana.silva@northwind-labs.com;ana@home.example\r\n\r\nE2,"Jean ""JJ"" Luc",,\n`;
    expect(parsePeopleCsv(text)).toEqual([
      {
        employeeId: 'E000123',
        name: 'Silva, Ana',
        usernames: ['asilva', 'ana.silva'],
        emails: ['ana.silva@northwind-labs.com', 'ana@home.example'],
      },
      { employeeId: 'E2', name: 'Jean "JJ" Luc', usernames: [], emails: [] },
    ]);
  });

  it('takes the columns in any order', () => {
    expect(parsePeopleCsv('emails,name,employee_id,usernames\na@b.io,Ana Silva,E1,asilva\n')).toEqual([
      { employeeId: 'E1', name: 'Ana Silva', usernames: ['asilva'], emails: ['a@b.io'] },
    ]);
  });

  it('round-trips what formatPeopleCsv writes', () => {
    const people = [
      { employeeId: 'E1', name: 'O\'Brien, "Seán"', usernames: ['sob', 's.ob'], emails: ['s@x.io'] },
    ];
    expect(parsePeopleCsv(formatPeopleCsv(people))).toEqual(people);
  });
});

describe('refuses a file it cannot use, naming lines and columns but no value', () => {
  const problems = (text: string): string[] => {
    try {
      parsePeopleCsv(text);
    } catch (err) {
      expect(err).toBeInstanceOf(PeopleFileError);
      return [...(err as PeopleFileError).problems];
    }
    throw new Error('expected a PeopleFileError');
  };

  it('a header that is missing, misnamed or repeated', () => {
    expect(problems('')).toEqual(['header: missing (expected employee_id,name,usernames,emails)']);
    expect(problems('employee_id,full_name,usernames,emails\n')).toEqual([
      'header: column 2 is not one of employee_id, name, usernames, emails',
      'header: column name is missing',
    ]);
  });

  it('every bad row, by line (counting lines inside quoted fields), and no value in any message', () => {
    const text = [
      HEADER,
      'E1,Zyxa Quorvin,zquorvin,not-an-address',
      'E2,"Multi',
      'line",u2,',
      'E3,Only three,fields',
      ',,,',
      `E5,Long,${'x'.repeat(300)},`,
    ].join('\n');
    const found = problems(text);
    expect(found).toEqual([
      'line 2: emails: entry 1 is not an e-mail address',
      'line 5: expected 4 fields, found 3',
      'line 6: no employee id, name, user name or e-mail',
      'line 7: usernames: entry 1 is longer than 256 characters',
    ]);
    const message = (() => {
      try {
        parsePeopleCsv(text);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    for (const value of ['Zyxa', 'Quorvin', 'zquorvin', 'not-an-address', 'Only three', 'xxxx']) {
      expect(message).not.toContain(value);
    }
  });

  it('an unterminated quote', () => {
    expect(problems(`${HEADER}\nE1,"Ana Silva,asilva,\n`)).toEqual(['line 2: unterminated quoted field']);
  });
});
