/**
 * The collection notice, assembled from the code that enforces it: the content policy, the
 * scrubber's placeholder types, the pseudonym window, the release rules and the retention settings.
 */
import type { NoticeDocument } from './document.ts';
import { checkYourself } from './sections/check-yourself.ts';
import { eventTypes } from './sections/event-types.ts';
import { identity } from './sections/identity.ts';
import { overview } from './sections/overview.ts';
import { release } from './sections/release.ts';
import { retention } from './sections/retention.ts';
import { scrubbing } from './sections/scrubbing.ts';
import type { NoticeSettings } from './settings.ts';

export const NOTICE_TITLE = 'What we collect about your work, and what we keep';

export function buildNotice(settings: NoticeSettings): NoticeDocument {
  return {
    title: NOTICE_TITLE,
    blocks: [
      ...overview(settings),
      ...identity(settings),
      ...eventTypes(settings),
      ...scrubbing(settings),
      ...release(settings),
      ...retention(settings),
      ...checkYourself(),
    ],
  };
}
