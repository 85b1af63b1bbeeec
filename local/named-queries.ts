/**
 * Trainers' named queries: `queries/NAME.sql`, the very files deployed as Athena named
 * queries. They run here unchanged against the `events` view.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `queries/` folder, wherever the command is started from. */
export const DEFAULT_QUERIES_DIR = resolve(fileURLToPath(new URL('../queries', import.meta.url)));

export interface NamedQuery {
  readonly name: string;
  /** From a leading `-- name:` comment; else the file name. */
  readonly title: string;
  /** From a leading `-- description:` comment (or the other leading comments). */
  readonly description: string;
  readonly sql: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;

export async function listNamedQueries(dir: string = DEFAULT_QUERIES_DIR): Promise<NamedQuery[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const names = files
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4))
    .sort();
  return Promise.all(names.map((n) => loadNamedQuery(n, dir)));
}

export async function loadNamedQuery(name: string, dir: string = DEFAULT_QUERIES_DIR): Promise<NamedQuery> {
  if (!NAME.test(name)) throw new Error(`named query must match ${NAME}: got an invalid name`);
  const sql = await readFile(join(dir, `${name}.sql`), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`no named query "${name}" in ${dir} (see --list)`);
    throw err;
  });
  const header = describe(sql);
  return { name, title: header.title ?? name, description: header.description, sql };
}

function describe(sql: string): { title?: string; description: string } {
  let title: string | undefined;
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    const text = m[1]!.trim();
    const named = /^name:\s*(.*)$/i.exec(text);
    if (named) title = named[1]!;
    else if (text) lines.push(text.replace(/^description:\s*/i, ''));
  }
  return { ...(title !== undefined ? { title } : {}), description: lines.join(' ') };
}
