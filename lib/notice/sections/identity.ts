/** Who you are: what becomes of the identifiers an agent sends beside the events. */
import { AGENT_POLICY, COMMON_POLICY, ENVELOPE_POLICY } from '../../ingest/policy.ts';
import { REQUEST_LIMITS } from '../../schema/request.ts';
import { type Block, heading, paragraph, table } from '../document.ts';
import type { NoticeSettings } from '../settings.ts';
import { windowWords } from '../words.ts';

export function identity(s: NoticeSettings): Block[] {
  const window = windowWords(s.pseudonymWindow);
  return [
    heading(2, 'Who you are', 'who-you-are'),
    paragraph(
      'Whose events these are is decided by your computer’s credentials, not by anything in the events, so no one can send events in your name. What becomes of each identifier:',
    ),
    table(
      ['sent by your agent', 'what happens to it'],
      [
        [
          '`employee_id` — your employee id',
          `**never stored.** Replaced by \`${ENVELOPE_POLICY.employee_id.to}\`, a code made with a key that only the ingest function may use: no person can compute the code of a known colleague and look their rows up. The code changes every ${window} (UTC), so your rows of one ${window} cannot be linked to those of another.`,
        ],
        [
          '`session_id` — a work session of one app',
          `**never stored.** Replaced by \`${COMMON_POLICY.session_id.to}\`, a code made from it and your employee id with the same key; it also changes every ${window}.`,
        ],
        ['`device_id` — your computer', '**never stored.** Removed from any kept text.'],
        [
          `\`identity_hints\` — your user names, e-mail addresses and name (up to ${REQUEST_LIMITS.maxHintsPerKind} of each)`,
          '**never stored.** Used only to remove them from kept text, in any case and spelling.',
        ],
        [
          '`agent` — name, version and OS family of the agent',
          `Kept as \`${AGENT_POLICY.name.to}\` (e.g. \`activity-agent/1.4.2\`) and \`${AGENT_POLICY.os.to}\` (e.g. \`macos\`), when they are short names.`,
        ],
      ],
    ),
  ];
}
