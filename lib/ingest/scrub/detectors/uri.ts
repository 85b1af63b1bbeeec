/**
 * Credentials inside URIs: `postgres://app:pw@db:5432/x` → `postgres://<URI_CREDENTIALS>@db:5432/x`
 * (scheme, host and port stay: they are training signal). A user without password is replaced too
 * (`https://jsmith@bitbucket.org/…` names a person) unless it is a generic account like `git`.
 */
import { forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { GENERIC_ACCOUNTS } from './flags.ts';

const URI_USERINFO = re(
  'uri.userinfo',
  /:\/\/((?:[^\s/?#@'"<>:`]{0,256}:[^\s/?#'"<>`]{1,512})|[^\s/?#@'"<>:`]{1,256})@(?=[A-Za-z0-9[])/g,
);

const SCHEME_SEPARATOR = lit('://');

export const uriDetector: Detector = {
  id: 'uri_credentials',
  find({ text, triggers }, emit) {
    if (!triggers.has(SCHEME_SEPARATOR)) return;
    forEachMatch(URI_USERINFO, text, (m) => {
      const info = m[1]!;
      const start = m.index + 3;
      const colon = info.indexOf(':');
      const user = colon < 0 ? info : info.slice(0, colon);
      if (colon < 0 && (GENERIC_ACCOUNTS.has(user.toLowerCase()) || user.startsWith('$'))) return undefined;
      // `${USER}:${PASS}` templates carry no value.
      if (info.startsWith('$') && (colon < 0 || info.charAt(colon + 1) === '$')) return undefined;
      emit(start, start + info.length, 'URI_CREDENTIALS');
      return undefined;
    });
  },
};
