/** The notice's opening: why it exists, where it comes from, and the promises in short. */
import { type Block, list, paragraph } from '../document.ts';
import type { NoticeSettings } from '../settings.ts';
import { days, windowWords } from '../words.ts';

export function overview(s: NoticeSettings): Block[] {
  return [
    paragraph(
      'Your company collects activity from your work computer — which tools you use and how you write, run and fix code — to train its own AI models on how work is really done. This page says exactly what is kept of it and what is not. It is **generated from the code that enforces it**: the content policy, the scrubber and the settings of this deployment. When the code changes, this page changes with it.',
    ),
    paragraph(
      'You can also see it for yourself, on your own events, before anything leaves your computer: `activity-agent preview` (see **Check it yourself** at the end).',
    ),
    list([
      `**Who you are is never stored.** Your rows carry a code instead of your name or employee id, and the code changes every ${windowWords(s.pseudonymWindow)}. Nobody — not the model trainers, not the administrators — can compute it from your employee id.`,
      '**Only what is listed below is kept.** Every other field an agent sends is dropped when it arrives: window titles, page addresses beyond the site, clipboard text and typed characters are never stored.',
      '**Text that is kept is scrubbed first.** Code changes, commands, build output and file paths lose secrets (passwords, keys, tokens) and personal data (e-mail addresses, phone numbers, names, your own identifiers) before anything is written; each is replaced by a placeholder such as `<EMAIL>`.',
      `**Model trainers see a daily release, not your rows.** It has no code for you, no event ids and no time of day, and any value used by fewer than ${s.releaseMinContributors} people that day is blanked.`,
      `**Nothing is kept forever.** Stored events are deleted after ${days(s.retentionDays)}.`,
      '**No report about one person exists.** There is no per-person view or export, and the system’s logs and metrics hold counts, never what you did.',
    ]),
  ];
}
