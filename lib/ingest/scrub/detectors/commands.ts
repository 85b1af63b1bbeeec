/**
 * Secrets passed to a command as arguments, not as `key=value`: short flags (`mysql -pSECRET`,
 * `zip -P SECRET`, `sshpass -p SECRET`, `keytool -storepass SECRET`), positional arguments
 * (`vault login <token>`, `rabbitmqctl add_user <name> <password>`, `htpasswd -b <file> <user>
 * <password>`) and secrets piped into a password prompt (`echo SECRET | sudo -S …`,
 * `echo SECRET | docker login --password-stdin`). Each command is found procedurally (its first
 * word is a trigger literal) and its arguments by a shell-ish tokenizer over the rest of the
 * command, up to a newline, `|`, `;` or `&`.
 */
import { lit } from '../triggers.ts';
import type { Detector, Emit, PlaceholderType } from '../types.ts';
import { isReference } from '../values.ts';

const MAX_COMMAND = 1024;

interface CommandRule {
  /** Command words as typed; further words are separated by blanks (`docker login`). */
  readonly commands: readonly string[];
  /** Flags with the secret attached (`-pSECRET`). */
  readonly attached?: readonly string[];
  /** Flags followed by the secret as the next word (`-P SECRET`). */
  readonly separated?: readonly string[];
  /** Which positional argument (1-based; flags, their values and `k=v` words skipped) is the secret. */
  readonly positional?: (positionals: number, flags: readonly string[]) => number;
  /** Only the part of the value after this character is secret (`-U user%password`). */
  readonly after?: string;
  readonly type: PlaceholderType;
}

const RULES: readonly CommandRule[] = [
  {
    commands: [
      'mysql',
      'mysqldump',
      'mysqladmin',
      'mysqlimport',
      'mysqlshow',
      'mysqlcheck',
      'mysqlsh',
      'mariadb',
      'mariadb-dump',
      'mariadb-admin',
    ],
    attached: ['-p'],
    type: 'PASSWORD',
  },
  { commands: ['sshpass'], separated: ['-p'], type: 'PASSWORD' },
  {
    commands: [
      'docker login',
      'podman login',
      'nerdctl login',
      'buildah login',
      'skopeo login',
      'oras login',
      'helm registry login',
      'az login',
      'az acr login',
    ],
    separated: ['-p'],
    type: 'PASSWORD',
  },
  { commands: ['redis-cli'], separated: ['-a'], type: 'PASSWORD' },
  { commands: ['zip', 'zipcloak', 'unzip', 'funzip'], separated: ['-P'], type: 'PASSWORD' },
  { commands: ['7z', '7za', '7zr', '7zz'], attached: ['-p'], type: 'PASSWORD' },
  { commands: ['rar', 'unrar'], attached: ['-hp', '-p'], type: 'PASSWORD' },
  { commands: ['sqlcmd', 'bcp', 'osql', 'isql'], separated: ['-P'], type: 'PASSWORD' },
  {
    commands: ['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport'],
    separated: ['-p'],
    type: 'PASSWORD',
  },
  {
    commands: [
      'ldapsearch',
      'ldapadd',
      'ldapmodify',
      'ldapdelete',
      'ldappasswd',
      'ldapwhoami',
      'ldapcompare',
    ],
    separated: ['-w'],
    type: 'PASSWORD',
  },
  {
    commands: ['keytool', 'jarsigner'],
    separated: ['-storepass', '-keypass', '-srcstorepass', '-deststorepass', '-srckeypass', '-destkeypass'],
    type: 'PASSWORD',
  },
  { commands: ['openssl'], separated: ['-k'], type: 'PASSWORD' },
  { commands: ['smbclient', 'rpcclient'], separated: ['-U'], after: '%', type: 'PASSWORD' },
  { commands: ['vault login'], positional: () => 1, type: 'VAULT_TOKEN' },
  {
    commands: ['rabbitmqctl add_user', 'rabbitmqctl change_password', 'rabbitmqctl authenticate_user'],
    positional: () => 2,
    type: 'PASSWORD',
  },
  // `htpasswd -b file user password`, `htpasswd -nb user password`: only in batch mode (-b).
  {
    commands: ['htpasswd'],
    positional: (_n, flags) => {
      const letters = flags.filter((f) => !f.startsWith('--')).join('');
      if (!letters.includes('b')) return 0;
      return letters.includes('n') ? 2 : 3;
    },
    type: 'PASSWORD',
  },
  { commands: ['net user'], positional: () => 2, type: 'PASSWORD' },
];

interface Word {
  readonly start: number;
  readonly end: number;
}

/** Shell-ish words of text[from, to): blank-separated, quotes kept together. */
function shellWords(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= to) break;
    const start = i;
    let quote = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 32 || c === 9) break;
      i++;
    }
    out.push({ start, end: i });
  }
  return out;
}

/** End of the command starting at `from`: next newline, pipe, `;` or `&`, bounded. */
function commandEnd(text: string, from: number): number {
  const max = Math.min(text.length, from + MAX_COMMAND);
  for (let i = from; i < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 124 || c === 59 || c === 38) return i;
  }
  return max;
}

/** Inner span of a possibly quoted word part text[start, end), and whether it was quoted. */
function unquoteSpan(text: string, start: number, end: number): [number, number, boolean] {
  const c = text.charAt(start);
  if ((c === '"' || c === "'") && end - start >= 2 && text.charAt(end - 1) === c)
    return [start + 1, end - 1, true];
  return [start, end, false];
}

/** Emits text[start, end) (unquoted, after `after` when given) unless it is empty, a flag or a reference. */
function emitSecret(text: string, start: number, end: number, rule: CommandRule, emit: Emit): void {
  let [a, b, quoted] = unquoteSpan(text, start, end);
  if (rule.after !== undefined) {
    const at = text.indexOf(rule.after, a);
    if (at < 0 || at >= b) return;
    a = at + 1;
  }
  if (b - a < 2 || text.charAt(a) === '-') return;
  if (isReference(text.slice(a, b), quoted)) return;
  emit(a, b, rule.type);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** Where command `words` (`['docker', 'login']`) is typed at `at`: the end of its last word, or -1. */
function commandAt(text: string, at: number, words: readonly string[]): number {
  // `/usr/bin/mysql` and `sudo mysql` count; `mysql_config` and `my-mysql` do not.
  if (at > 0 && (isWordChar(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 46)) return -1;
  let i = at + words[0]!.length;
  for (let k = 1; k < words.length; k++) {
    const blanks = i;
    while (i < text.length && i - blanks < 4 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i === blanks || !text.startsWith(words[k]!, i)) return -1;
    i += words[k]!.length;
  }
  const next = text.charCodeAt(i);
  return next === 32 || next === 9 ? i : -1;
}

function argumentSecrets(text: string, from: number, to: number, rule: CommandRule, emit: Emit): void {
  const ws = shellWords(text, from, to);
  const flags: string[] = [];
  const positionals: Word[] = [];
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k]!;
    const first = text.charCodeAt(w.start);
    if (first !== 45) {
      if (!text.slice(w.start, w.end).includes('=')) positionals.push(w);
      continue;
    }
    const word = text.slice(w.start, w.end);
    flags.push(word.startsWith('--') ? word : word.slice(1));
    const attached = rule.attached?.find((f) => word.startsWith(f) && word.length > f.length);
    if (attached !== undefined) {
      emitSecret(text, w.start + attached.length, w.end, rule, emit);
      continue;
    }
    if (rule.separated?.includes(word) && k + 1 < ws.length) {
      const v = ws[++k]!;
      emitSecret(text, v.start, v.end, rule, emit);
    }
  }
  const n = rule.positional?.(positionals.length, flags) ?? 0;
  const p = positionals[n - 1];
  if (n > 0 && p !== undefined) emitSecret(text, p.start, p.end, rule, emit);
}

/** Commands by the trigger id of their first word: a scan visits the literals its text holds, not every rule. */
const COMMANDS_BY_TRIGGER: Array<Array<{ rule: CommandRule; words: string[] }> | undefined> = [];
for (const rule of RULES) {
  for (const command of rule.commands) {
    const words = command.split(' ');
    const id = lit(words[0]!);
    COMMANDS_BY_TRIGGER[id] = [...(COMMANDS_BY_TRIGGER[id] ?? []), { rule, words }];
  }
}

function commandSecrets(text: string, present: Int32Array, emit: Emit): void {
  for (const id of present) {
    for (const { rule, words } of COMMANDS_BY_TRIGGER[id] ?? []) {
      let done = 0;
      for (let at = text.indexOf(words[0]!); at >= 0; at = text.indexOf(words[0]!, at + 1)) {
        if (at < done) continue;
        const argsFrom = commandAt(text, at, words);
        if (argsFrom < 0) continue;
        done = commandEnd(text, argsFrom);
        argumentSecrets(text, argsFrom, done, rule, emit);
      }
    }
  }
}

/** Commands that read a password from standard input. */
const STDIN_READERS = [
  'sudo -S',
  'sudo --stdin',
  '--password-stdin',
  'chpasswd',
  'passwd --stdin',
  '--passphrase-fd 0',
];

/**
 * `echo SECRET | sudo -S …`: the one argument of an `echo`/`printf` whose output is piped into a
 * command that reads a password from standard input.
 */
function pipedSecrets(text: string, emit: Emit): void {
  for (let bar = text.indexOf('|'); bar >= 0; bar = text.indexOf('|', bar + 1)) {
    const rest = commandEnd(text, bar + 1);
    const right = text.slice(bar + 1, rest);
    if (!STDIN_READERS.some((r) => right.includes(r))) continue;
    // The command left of the pipe: back to the previous line break, `;`, `&` or `|`.
    let start = bar;
    while (start > 0 && bar - start < MAX_COMMAND) {
      const c = text.charCodeAt(start - 1);
      if (c === 10 || c === 59 || c === 38 || c === 124 || c === 40) break;
      start--;
    }
    const ws = shellWords(text, start, bar).filter(
      (w) => !(text.charCodeAt(w.start) === 45 && w.end - w.start <= 3),
    );
    const verb = ws[0] === undefined ? '' : text.slice(ws[0].start, ws[0].end);
    if ((verb !== 'echo' && verb !== 'printf') || ws.length !== 2) continue;
    const [a, b, quoted] = unquoteSpan(text, ws[1]!.start, ws[1]!.end);
    let end = b;
    // printf 'secret\n'
    if (text.startsWith('\\n', end - 2)) end -= 2;
    if (end - a >= 3 && !isReference(text.slice(a, end), quoted)) emit(a, end, 'PASSWORD');
  }
}

const PIPE = lit('|');
const STDIN_TRIGGERS = ['-S', '--stdin', '-stdin', 'chpasswd', 'passphrase-fd'].map((w) => lit(w));

export const commandDetector: Detector = {
  id: 'command_arguments',
  find({ text, triggers }, emit) {
    commandSecrets(text, triggers.presentLiterals(), emit);
    if (triggers.has(PIPE) && STDIN_TRIGGERS.some((id) => triggers.has(id))) pipedSecrets(text, emit);
  },
};
