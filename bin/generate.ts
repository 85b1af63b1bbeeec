/**
 * `npm run generate`: writes what is generated from the schema module and the pinned data packages:
 * the request validators (lib/schema/validators/compiled.generated.ts) and the function's data files
 * (lib/bundled-data: name lists, public suffixes). Run it after changing lib/schema, word-names.ts or
 * those packages; `npm test` fails while a committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_DATA_FILES, bundledDataSourceDir } from '../lib/bundled-data/files.ts';
import { bundledDataContents, encodeBundledData } from '../lib/bundled-data/generate.ts';
import { generateValidatorModule } from '../lib/schema/validators/generate.ts';

const USAGE = `usage: npm run generate
  writes lib/schema/validators/compiled.generated.ts from lib/schema, and the function's data files
  in lib/bundled-data from the pinned name-list and public-suffix packages (run after changing either)`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`generate: takes no arguments, got ${args[0]}\n${USAGE}\n`);
  process.exit(2);
}

const validators = fileURLToPath(new URL('../lib/schema/validators/compiled.generated.ts', import.meta.url));
writeFileSync(validators, generateValidatorModule());
process.stdout.write(`wrote ${validators}\n`);

const contents = bundledDataContents();
for (const name of BUNDLED_DATA_FILES) {
  const target = join(bundledDataSourceDir(), name);
  writeFileSync(target, encodeBundledData(name, contents[name]));
  process.stdout.write(`wrote ${target}\n`);
}
