/** What is removed from the text that is kept: every placeholder type the scrubber can write. */
import { PLACEHOLDER_TYPES } from '../../ingest/scrub/index.ts';
import { type Block, code, heading, paragraph, table, text } from '../document.ts';
import { PLACEHOLDER_DESCRIPTIONS, type PlaceholderGroup } from '../placeholder-descriptions.ts';
import type { NoticeSettings } from '../settings.ts';
import { bytes } from '../words.ts';

function placeholderTable(group: PlaceholderGroup): Block {
  return table(
    ['placeholder', 'stands in for'],
    PLACEHOLDER_TYPES.filter((t) => PLACEHOLDER_DESCRIPTIONS[t].group === group).map((t) => [
      [code(`<${t}>`)],
      [text(PLACEHOLDER_DESCRIPTIONS[t].replaces)],
    ]),
  );
}

export function scrubbing(s: NoticeSettings): Block[] {
  return [
    heading(2, 'What is removed from the text that is kept', 'scrubbing'),
    paragraph(
      `Some fields are kept as text because models learn from them: code changes, commands, build output and file paths. Before they are stored, every secret and every piece of personal data found in them is replaced by a placeholder naming what it was, and the row counts the placeholders of each type (\`redactions\`). Text longer than ${bytes(s.maxContentBytes)} is cut first. If the scrubber fails on a text, the event is refused rather than stored unscrubbed.`,
    ),
    paragraph(
      'The scrubber also looks through disguises: text is checked in a normalised form (compatibility characters folded, invisible and direction-changing characters ignored) and percent-, base64- and hex-encoded values are decoded and checked too.',
    ),
    paragraph('**Secrets**'),
    placeholderTable('secret'),
    paragraph('**Personal data**'),
    placeholderTable('personal'),
    paragraph(
      s.peopleDirectory
        ? 'This deployment loads the organisation’s people directory: the names, user names, e-mail addresses and employee ids of everyone in it are removed too (`<IDENTITY>`), not only yours. The directory is kept as keyed hashes, never as plain names.'
        : 'This deployment loads no people directory: colleagues are removed where the scrubber recognises them (a list of common full names, e-mail addresses, user names in home folders, logins in commands).',
    ),
    paragraph(
      'Short names (the app, the programming language, the tool, the OS, the agent) and web domains are stored whole or not at all: one that names a person, is a phone number or an e-mail address, or contains someone’s identifier is dropped, never stored with a placeholder inside. Its type is still counted.',
    ),
  ];
}
