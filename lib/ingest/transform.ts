/**
 * The transforms the content policy applies before anything is scrubbed: a URL becomes its
 * registrable domain; a path loses the home directory (and with it the user name) and becomes
 * relative to the project when the project root is a prefix; a short label must look like one.
 */
import { getRegistrableDomain } from '../domains/registrable-domain.ts';

/**
 * Registrable domain via the ICANN section of the public suffix list (lib/domains), lower-case;
 * null for IPs, localhost, files.
 */
export function registrableDomain(url: string): string | null {
  // Only the authority matters; never feed more than a host's worth of text to the parser.
  const domain = getRegistrableDomain(url.slice(0, 2048));
  return domain ? domain.toLowerCase() : null;
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;
const DOT_OR_EMPTY_SEGMENT = /\/\/|\/\.\.?(?:\/|$)/;

/** Forward slashes only (Windows paths too), no `.`/`..`/empty segments in absolute paths. */
export function normalizePath(path: string): string {
  let p = path.trim();
  if (WINDOWS_ABSOLUTE.test(p) || (p.includes('\\') && !p.includes('/'))) p = p.replace(/\\/g, '/');
  const unc = p.startsWith('//');
  const drive = /^[A-Za-z]:\//.test(p);
  if (!unc && !drive && !p.startsWith('/')) return p; // relative: stays as sent
  // Most paths are already clean (no empty, `.` or `..` segment): only a trailing slash to drop.
  if (!unc && !DOT_OR_EMPTY_SEGMENT.test(p)) {
    return p.length > 1 && p.endsWith('/') && !(drive && p.length === 3) ? p.slice(0, -1) : p;
  }
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    // Never climb above a drive letter or a UNC host.
    if (seg === '..') {
      if (out.length > (drive || unc ? 1 : 0)) out.pop();
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (unc) return `//${joined}`;
  if (drive) return out.length === 1 ? `${joined}/` : joined;
  return `/${joined}`;
}

/** Home directories, each with the user name as its first capture group; they are replaced by `~`. */
const HOME_PREFIXES: readonly RegExp[] = [
  /^\/(?:Users|home\d{0,2}|var\/home|usr\/home|export\/home)\/([^/]+)(?=\/|$)/i,
  // macOS: the data volume's view of /Users, and homes on other disks.
  /^\/(?:System\/Volumes\/Data|Volumes\/[^/]{1,64})\/Users\/([^/]+)(?=\/|$)/i,
  /^\/mnt\/[a-z]\/Users\/([^/]+)(?=\/|$)/i, // WSL view of a Windows home
  /^[A-Za-z]:\/(?:Users|Documents and Settings)\/([^/]+)(?=\/|$)/i,
  /^~([^/]+)(?=\/|$)/, // ~alice/...
  /^\/root()(?=\/|$)/,
];
const UNC_HOST = /^\/\/[^/]+/;

/** Names of shared or system accounts: not personal, and redacting them everywhere would mangle code. */
const GENERIC_ACCOUNTS = new Set([
  'shared',
  'public',
  'default',
  'all users',
  'root',
  'runner',
  'ubuntu',
  'ec2-user',
  'admin',
  'administrator',
  'user',
  'guest',
  'vagrant',
  'node',
]);

/** The user name in a home directory at the start of the path, when it is a personal one. */
export function homeUserName(path: string): string | null {
  const p = normalizePath(path);
  for (const prefix of HOME_PREFIXES) {
    const name = prefix.exec(p)?.[1];
    if (name !== undefined)
      return name.length >= 2 && !GENERIC_ACCOUNTS.has(name.toLowerCase()) ? name : null;
  }
  return null;
}

const isWindows = (p: string) => /^[A-Za-z]:\//.test(p) || p.startsWith('//');

/**
 * A path as stored: relative to the project root when that is a prefix (`.` for the root itself),
 * otherwise with the home directory replaced by `~` and a UNC host by `<HOST>`; relative paths stay.
 */
export function storablePath(path: string, projectRoot: string | undefined): string {
  const p = normalizePath(path);
  if (projectRoot !== undefined) {
    const root = normalizePath(projectRoot).replace(/\/+$/, '');
    // A root of `/` or `C:` makes nothing relative that a home prefix would not.
    if (root.length > 2 && root.includes('/')) {
      const fold = isWindows(root) ? (s: string) => s.toLowerCase() : (s: string) => s;
      if (fold(p) === fold(root)) return '.';
      if (fold(p).startsWith(`${fold(root)}/`)) return p.slice(root.length + 1);
    }
  }
  for (const prefix of HOME_PREFIXES) {
    if (prefix.test(p)) return p.replace(prefix, '~');
  }
  return p.replace(UNC_HOST, '//<HOST>');
}

/** Short names (app, language, tool, OS, agent): kept only when they look like a name, never free text. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9 ._+#()/-]{0,63}$/;
export function label(value: string): string | null {
  const v = value.trim();
  return LABEL.test(v) ? v : null;
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1);
  return text.slice(0, cut >= 0xd800 && cut <= 0xdbff ? max - 1 : max);
}
