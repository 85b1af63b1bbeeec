/**
 * `user@host` where it means a login: shell prompts (`jsmith@devbox:~/src$`, `[jsmith@devbox src]$`,
 * `jsmith@MacBook-Pro ~ %`), ssh-family commands (`ssh`, `scp`, `rsync`, `sftp`, `mosh`,
 * `ssh-copy-id`), scp-style targets (`user@host:/path`) and `user@<IPv4>`. Elsewhere `a@b` is far
 * more often a package specifier (`react@next`, `lodash@4.17.21`) or decorator and is kept.
 * Generic accounts (`git@github.com:org/repo.git`, `root@container:/app#`) are kept.
 */
import { execAt, forEachAnchor, forEachMatch, re } from '../registry.ts';
import { lit } from '../triggers.ts';
import type { Detector } from '../types.ts';
import { GENERIC_ACCOUNTS } from './flags.ts';

const USER_AT_HOST = re(
  'prompt.user_at_host',
  /(?<![A-Za-z0-9_.+%/@-])[A-Za-z_][A-Za-z0-9_.-]{0,31}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}/y,
);
const SSH_COMMAND = re(
  'prompt.ssh_command',
  /(?<![A-Za-z0-9_-])(?:ssh|scp|sftp|rsync|mosh|ssh-copy-id|autossh)(?= )/g,
);

/** Start of the line holding index i, for increasing i: amortized linear over one text. */
function lineTracker(text: string): (i: number) => number {
  let start = 0;
  let nextNl = text.indexOf('\n');
  return (i) => {
    while (nextNl !== -1 && nextNl < i) {
      start = nextNl + 1;
      nextNl = text.indexOf('\n', start);
    }
    return start;
  };
}

function isIpv4(host: string): boolean {
  const p = host.split('.');
  if (p.length !== 4) return false;
  return p.every((x) => x.length > 0 && x.length <= 3 && Number(x) <= 255 && String(Number(x)) === x);
}

function promptShaped(text: string, start: number, end: number): boolean {
  const prev = text.charAt(start - 1);
  if (prev === '[') return true; // [user@host dir]$
  const next = text.charAt(end);
  const next2 = text.charAt(end + 1);
  if (next === ':' && (next2 === '~' || next2 === '/')) return true; // user@host:~/x$  or scp target
  if (next === ' ' && (next2 === '~' || next2 === '%')) return true; // zsh: user@host ~ %
  return false;
}

function isUserChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45
  );
}

const AT = lit('@');
/** The command words of SSH_COMMAND (`ssh-copy-id` and `autossh` contain `ssh`). */
const SSH_WORDS = ['ssh', 'scp', 'sftp', 'rsync', 'mosh'].map((w) => lit(w));

/** Line starts of the lines holding an ssh-family command. */
function sshCommandLines(text: string): Set<number> {
  const lines = new Set<number>();
  const commandLine = lineTracker(text);
  forEachMatch(SSH_COMMAND, text, (m) => {
    lines.add(commandLine(m.index));
    return undefined;
  });
  return lines;
}

export const promptDetector: Detector = {
  id: 'user_at_host',
  find({ text, triggers }, emit) {
    if (!triggers.has(AT)) return;
    // Lines with an ssh-family command: found once per text, and only when a candidate needs them.
    let sshLines: Set<number> | undefined;
    const matchLine = lineTracker(text);
    forEachAnchor(text, '@', (i) => {
      let start = i;
      while (start > 0 && i - start < 33 && isUserChar(text.charCodeAt(start - 1))) start--;
      const m = execAt(USER_AT_HOST, text, start);
      if (m === null) return undefined;
      let s = m[0];
      // Trailing dots/dashes end a sentence, not a host.
      while (s.endsWith('.') || s.endsWith('-')) s = s.slice(0, -1);
      const at = s.indexOf('@');
      const user = s.slice(0, at);
      const host = s.slice(at + 1);
      if (host === '' || GENERIC_ACCOUNTS.has(user.toLowerCase())) return undefined;
      const end = m.index + s.length;
      let ok = promptShaped(text, m.index, end) || isIpv4(host);
      if (!ok && SSH_WORDS.some((id) => triggers.has(id))) {
        sshLines ??= sshCommandLines(text);
        ok = sshLines.size > 0 && sshLines.has(matchLine(m.index));
      }
      if (ok) emit(m.index, end, 'USER_AT_HOST');
      return end;
    });
  },
};
