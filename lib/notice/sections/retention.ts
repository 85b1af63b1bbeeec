/** How long each kind of data is kept, and who may see what. */
import { type Block, heading, list, table } from '../document.ts';
import type { NoticeSettings } from '../settings.ts';
import { days } from '../words.ts';

export function retention(s: NoticeSettings): Block[] {
  return [
    heading(2, 'How long it is kept', 'retention'),
    table(
      ['what', 'deleted after'],
      [
        ['stored events (read by the release job only)', days(s.retentionDays)],
        ['the released table model trainers query, and its daily counts', days(s.retentionDays)],
        [
          'events the storage service could not convert (kept for repair; model trainers are denied them)',
          days(s.errorRetentionDays),
        ],
        ['earlier versions of any stored file', days(s.noncurrentVersionDays)],
        ['results of model trainers’ queries', days(s.resultsRetentionDays)],
        ['the system’s logs (counts and error codes, never event content)', days(s.logRetentionDays)],
      ],
    ),
    heading(2, 'Who can see what', 'access'),
    list([
      '**Your agent** may send events, nothing else; there is no way to read anything back through it.',
      '**The ingest function** computes the codes that replace you and your sessions; it is the only holder of that key and writes to the storage stream only.',
      '**The release job** reads the stored events and writes the released table; it cannot compute a code.',
      '**Model trainers** query the released table only, and are explicitly denied the stored events, the key, the failed events and the ingest logs.',
      '**Administrators** run the system but can neither compute a code nor read a stored event without first changing the policies that forbid it, which is itself recorded.',
    ]),
  ];
}
