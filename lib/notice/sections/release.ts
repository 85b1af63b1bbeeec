/** What model trainers read: the daily release and what it removes. */
import { QUASI_IDENTIFIER_COLUMNS, RELEASE_REMOVED_COLUMNS } from '../../schema/released.ts';
import { type Block, code, heading, inline, list, paragraph, text } from '../document.ts';
import type { NoticeSettings } from '../settings.ts';

const codes = (names: readonly string[]) =>
  names.flatMap((n, i) => (i === 0 ? [code(n)] : [text(', '), code(n)]));

export function release(s: NoticeSettings): Block[] {
  const k = s.releaseMinContributors;
  return [
    heading(2, 'What model trainers see', 'release'),
    paragraph(
      'The stored rows are read by a machine only: the bucket that holds them lets no person read them, administrators included (except rows the storage service failed to convert, which happens only on a fault: administrators read those to repair it). Once a day, a release job copies a reduced version of the previous day into the table model trainers query. The release:',
    ),
    list([
      [
        ...inline('**removes** '),
        ...codes(RELEASE_REMOVED_COLUMNS),
        text(': no column of the released table names a person, an event or a time of day;'),
      ],
      '**replaces each session code by a fresh random one**, new at every release, that leads back to nothing;',
      '**replaces times by offsets**: how many milliseconds after the start of its session an event happened, and its position in the session;',
      `**drops short sessions**: sessions with fewer than ${s.releaseMinSessionEvents} events are not released;`,
      [
        ...inline('**blanks rare values**: a value of '),
        ...codes(QUASI_IDENTIFIER_COLUMNS),
        text(
          ` is released only if at least ${k} different people used it that day, so an unusual tool or agent version cannot point at you (each column is checked on its own, not a combination of common values);`,
        ),
      ],
      `**withholds a whole day** that fewer than ${k} people worked.`,
    ]),
    paragraph(
      'Kept text (code changes, commands, paths) is scrubbed but can still be distinctive: someone who already knows what you worked on might recognise it. There is no column to select you by.',
    ),
  ];
}
