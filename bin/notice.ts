#!/usr/bin/env -S npx tsx
/**
 * `npm run notice`: writes the collection notice — docs/what-we-collect.md and the self-contained
 * docs/what-we-collect.html — from the code that enforces it, with the default settings.
 * `npm run notice -- --check` writes nothing and exits 1 when the committed files are stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../lib/cdk-context.ts';
import { noticePaths, renderNotice } from '../lib/notice/notice-files.ts';

const USAGE = `usage: npm run notice [-- --check]
  writes docs/what-we-collect.md and docs/what-we-collect.html from the code (default settings);
  --check   write nothing; exit 1 when the committed files are stale`;

let values: { check?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (err) {
  process.stderr.write(`notice: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const files = renderNotice();
const paths = noticePaths(REPO_ROOT);
const targets = [
  [paths.markdown, files.markdown],
  [paths.html, files.html],
] as const;

if (values.check) {
  const stale: string[] = [];
  for (const [path, content] of targets) {
    const committed = await readFile(path, 'utf8').catch(() => undefined);
    if (committed !== content) stale.push(relative(REPO_ROOT, path));
  }
  if (stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')} — run npm run notice and commit the result\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('the collection notice is current\n');
  }
} else {
  for (const [path, content] of targets) {
    await writeFile(path, content);
    process.stdout.write(`wrote ${relative(REPO_ROOT, path)} (${Buffer.byteLength(content)} bytes)\n`);
  }
}
