/**
 * `npm run generate`: writes the code generated from the schema module (today: the request
 * validators, lib/schema/validators/compiled.generated.ts). Run it after changing lib/schema;
 * `npm test` fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateValidatorModule } from '../lib/schema/validators/generate.ts';

const USAGE = `usage: npm run generate
  writes lib/schema/validators/compiled.generated.ts from lib/schema (run after changing the schema)`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`generate: takes no arguments, got ${args[0]}\n${USAGE}\n`);
  process.exit(2);
}

const target = fileURLToPath(new URL('../lib/schema/validators/compiled.generated.ts', import.meta.url));
writeFileSync(target, generateValidatorModule());
process.stdout.write(`wrote ${target}\n`);
