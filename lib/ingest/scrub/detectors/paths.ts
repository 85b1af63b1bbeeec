/**
 * User names in home-directory paths: `/Users/jsmith/…`, `/home/jsmith/…`, `C:\Users\jsmith\…`
 * (also `C:\\Users\\…` inside JSON strings and `C:/Users/…`), `~jsmith/`, and homes that sit
 * deeper than the root: `/System/Volumes/Data/Users/x` and `/Volumes/<disk>/Users/x` (macOS),
 * `/home2/x` (hosts with several home volumes), `/usr/home/x` (FreeBSD). Only the name is
 * replaced, so the path keeps its shape: `/home/<HOME_USER>/src/app`. Shared and CI accounts
 * (`/home/runner`, `/Users/Shared`, `/home/node`) are kept: they name no person.
 */
import { forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';

const HOME = re(
  'path.home',
  /(?:(?<![A-Za-z0-9_.~-])\/(?:System\/Volumes\/Data\/|Volumes\/[^/\\\r\n]{1,64}\/)?(?:Users|home\d{0,2}|export\/home|var\/home|usr\/home)\/|(?<![A-Za-z0-9_])[A-Za-z]:(?:\\\\|\\|\/)(?:Users|Documents and Settings)(?:\\\\|\\|\/))([^\s/\\:*?"'<>|`$,;(){}[\]%]{1,64})/g,
);
const TILDE = re('path.tilde_user', /(?<![A-Za-z0-9_~$/.-])~([a-z_][a-z0-9_.-]{0,31})(?=\/)/g);

const SHARED_HOMES = new Set([
  'shared',
  'public',
  'default',
  'default user',
  'all users',
  'runner',
  'node',
  'ubuntu',
  'ec2-user',
  'root',
  'vscode',
  'codespace',
  'codespaces',
  'circleci',
  'jenkins',
  'gitpod',
  'linuxbrew',
  'app',
  'user',
  'username',
  'admin',
  'guest',
  'vagrant',
  'pi',
  'docker',
  'coder',
  'runneradmin',
  'travis',
  'build',
  'builder',
  'buildkite-agent',
  'gitlab-runner',
]);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
}

/**
 * `C:\Users\John Smith\Documents`: a name with spaces is taken whole when up to three more
 * letter-only words lead to the next path separator.
 */
function extendOverSpaces(text: string, end: number): number {
  let i = end;
  for (let words = 0; words < 3 && text.charCodeAt(i) === 32; words++) {
    let j = i + 1;
    while (j < text.length && j - i <= 32 && isLetter(text.charCodeAt(j))) j++;
    if (j === i + 1) break;
    const c = text.charAt(j);
    if (c === '\\' || c === '/') return j;
    i = j;
  }
  return end;
}

const HOME_WORDS = ['/Users', '/home', 'Users', 'Documents and'].map((w) => lit(w));
const TILDE_CHAR = lit('~');

export const homePathDetector: Detector = {
  id: 'home_path',
  find({ text, triggers }, emit) {
    if (HOME_WORDS.some((id) => triggers.has(id))) {
      forEachMatch(HOME, text, (m) => {
        const name = m[1]!;
        if (SHARED_HOMES.has(name.toLowerCase())) return undefined;
        const end = m.index + m[0].length;
        emit(end - name.length, extendOverSpaces(text, end), 'HOME_USER');
        return undefined;
      });
    }
    if (triggers.has(TILDE_CHAR)) {
      forEachMatch(TILDE, text, (m) => {
        const name = m[1]!;
        if (SHARED_HOMES.has(name.toLowerCase())) return undefined;
        emit(m.index + 1, m.index + m[0].length, 'HOME_USER');
        return undefined;
      });
    }
  },
};
