/**
 * Personal names where the syntax says "this is a person": git trailers and headers
 * (`Author:`, `Signed-off-by:`, `Co-authored-by:` …), Javadoc/JSDoc `@author`, manifest author
 * fields (`"author": "…"`, `author="…"`, `authors = ["…"]`) and `git config user.name "…"`.
 * Without such a cue, a full name is found when it is a common given name followed by a family
 * name of the name list (names/name-list.ts), and through the identity hints and the people
 * directory.
 */
import { findListedNames } from '../names/name-list.ts';
import { forEachMatch, re } from '../registry.ts';
import { ilit, lit } from '../triggers.ts';
import type { Detector } from '../types.ts';

// A name: first word any case (logins like `jsmith`), further words capitalized; letters, apostrophes, dots, hyphens.
const TRAILER = re(
  'name.trailer',
  /(?<![A-Za-z0-9_-])(?:Author|Signed-off-by|Co-authored-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Suggested-by|Helped-by|Committer|Maintainer)[ \t]{0,2}:[ \t]{1,4}(\p{L}[\p{L}'’.-]{0,40}(?:[ \t]\p{Lu}[\p{L}'’.-]{0,40}){0,4})/gu,
);
const AT_AUTHOR = re(
  'name.at_author',
  /(?<![A-Za-z0-9_])@author[ \t]{1,4}(\p{L}[\p{L}\p{N}'’._-]{0,40}(?:[ \t]\p{Lu}[\p{L}'’.-]{0,40}){0,4})/gu,
);
const MANIFEST_AUTHOR = re(
  'name.manifest_author',
  /(?<![A-Za-z0-9_])["']?(?:author|authors|maintainer|maintainers)["']?[ \t]{0,3}[:=][ \t]{0,3}\[?[ \t]{0,3}["'](\p{L}[\p{L}\p{N}'’._-]{0,40}(?:[ \t]\p{Lu}[\p{L}'’.-]{0,40}){0,4})/gu,
);
const GIT_USER_NAME = re(
  'name.git_user_name',
  /(?<![A-Za-z0-9_])user\.name[ \t]{1,4}(?:"([^"\r\n]{1,128})"|'([^'\r\n]{1,128})'|([^\s"'`;|&]{1,128}))/g,
);

const NOT_NAMES = new Set([
  'string',
  'str',
  'number',
  'any',
  'null',
  'none',
  'unknown',
  'anonymous',
  'todo',
  'optional',
  'required',
  'github',
  'dependabot',
  'renovate',
  'bot',
  'the',
  'author',
  'name',
  'your',
]);

function emitName(emit: Parameters<Detector['find']>[1], end: number, name: string): void {
  const first = name.split(' ')[0]!.toLowerCase();
  if (NOT_NAMES.has(first) || name.length < 2) return;
  emit(end - name.length, end, 'PERSON_NAME');
}

const TRAILER_WORDS = [ilit('-by:'), lit('Author:'), lit('Committer:'), lit('Maintainer:')];
const AT_AUTHOR_WORD = lit('@author');
const MANIFEST_WORDS = ['author', 'maintainer'].map(ilit);
const USER_NAME = lit('user.name');

export const personNameDetector: Detector = {
  id: 'person_name',
  find({ text, triggers }, emit) {
    if (TRAILER_WORDS.some((id) => triggers.has(id))) {
      forEachMatch(TRAILER, text, (m) => {
        emitName(emit, m.index + m[0].length, m[1]!);
        return undefined;
      });
    }
    if (triggers.has(AT_AUTHOR_WORD)) {
      forEachMatch(AT_AUTHOR, text, (m) => {
        emitName(emit, m.index + m[0].length, m[1]!);
        return undefined;
      });
    }
    if (MANIFEST_WORDS.some((id) => triggers.has(id))) {
      forEachMatch(MANIFEST_AUTHOR, text, (m) => {
        emitName(emit, m.index + m[0].length, m[1]!);
        return undefined;
      });
    }
    findListedNames(text, (start, end) => emit(start, end, 'PERSON_NAME'));
    if (triggers.has(USER_NAME)) {
      forEachMatch(GIT_USER_NAME, text, (m) => {
        const v = m[1] ?? m[2] ?? m[3]!;
        if (v.startsWith('$') || v.startsWith('-')) return undefined;
        const closing = m[3] === undefined ? 1 : 0;
        emitName(emit, m.index + m[0].length - closing, v);
        return undefined;
      });
    }
  },
};
