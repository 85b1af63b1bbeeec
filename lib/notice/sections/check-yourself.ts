/** How an employee checks what would be kept of their own events, on their own computer. */
import { type Block, codeBlock, heading, paragraph } from '../document.ts';

export function checkYourself(): Block[] {
  return [
    heading(2, 'Check it yourself', 'preview'),
    paragraph(
      'The agent on your computer can show what would be stored of your own events before they are sent. It runs the same code as the ingest function, on your computer, and sends nothing:',
    ),
    codeBlock(
      'text',
      [
        'activity-agent preview --spool ~/.activity-agent/spool/E000123   # the agent’s spool folder: what is waiting to be sent',
        'activity-agent preview events.jsonl --employee-id E000123 --hint-email you@example.com',
        'activity-agent preview events.jsonl --employee-id E000123 --format json',
      ].join('\n'),
    ),
    paragraph(
      'For each event it lists every field, whether it is kept, changed, scrubbed or dropped, what would be stored, and which placeholders replaced what was found. Dropped fields are named, never shown, and what the scrubber removed is never printed.',
    ),
  ];
}
