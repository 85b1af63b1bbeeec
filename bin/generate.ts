/**
 * `npm run generate`: writes the code generated from the schema module (today: the request
 * validators, lib/schema/validators/compiled.generated.ts). Run it after changing lib/schema;
 * `npm test` fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateValidatorModule } from '../lib/schema/validators/generate.ts';

const target = fileURLToPath(new URL('../lib/schema/validators/compiled.generated.ts', import.meta.url));
writeFileSync(target, generateValidatorModule());
process.stdout.write(`wrote ${target}\n`);
