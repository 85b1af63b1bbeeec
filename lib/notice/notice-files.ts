/** The notice's two files and their contents: one place for `npm run notice`, its test and the stack. */
import { join } from 'node:path';
import { buildNotice } from './build-notice.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { DEFAULT_NOTICE_SETTINGS, type NoticeSettings } from './settings.ts';

/** File name of the HTML page, in docs/ and as the published object's key. */
export const NOTICE_HTML_NAME = 'what-we-collect.html';
export const NOTICE_MARKDOWN_NAME = 'what-we-collect.md';

export interface NoticeFiles {
  readonly markdown: string;
  readonly html: string;
}

export function renderNotice(settings: NoticeSettings = DEFAULT_NOTICE_SETTINGS): NoticeFiles {
  const doc = buildNotice(settings);
  return { markdown: renderMarkdown(doc), html: renderHtml(doc) };
}

/** Where the committed notice lives in the repository. */
export function noticePaths(repoRoot: string): { markdown: string; html: string } {
  return {
    markdown: join(repoRoot, 'docs', NOTICE_MARKDOWN_NAME),
    html: join(repoRoot, 'docs', NOTICE_HTML_NAME),
  };
}
