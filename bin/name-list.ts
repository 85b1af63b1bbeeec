/**
 * `npx tsx bin/name-list.ts`: regenerates lib/ingest/scrub/names/name-list-data.ts from the name
 * lists of its (dev) packages — given names from @stdlib's English first-name datasets (Moby Word
 * II, public domain) that cspell's people-names dictionary (MIT) also lists, minus the words in
 * word-names.ts; family names: that dictionary, as a Bloom filter (1 % false positives) so the
 * function bundle carries ~50 KiB instead of ~300. A test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/cdk-context.ts';
import { generateNameListModule } from '../lib/ingest/scrub/names/generate.ts';

const out = join(REPO_ROOT, 'lib', 'ingest', 'scrub', 'names', 'name-list-data.ts');
writeFileSync(out, generateNameListModule());
process.stdout.write(`${out}\n`);
