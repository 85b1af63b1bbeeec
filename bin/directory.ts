/**
 * `npm run directory -- build people.csv --out directory.bin`: builds the people directory the
 * scrubber loads (`npm start -- --directory`, or the stack's `directoryObjectKey` object) from the
 * organisation's people file. The output holds keyed hashes only, never a name; it prints counts,
 * never a value. `npm run directory -- stats directory.bin` describes a built one.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isUsageError } from '../lib/cli/usage-error.ts';
import { DirectoryFormatError, loadDirectoryFile, PeopleFileError } from '../lib/directory/index.ts';

const USAGE = `usage: npm run directory -- build PEOPLE.csv --out DIRECTORY.bin
       npm run directory -- stats DIRECTORY.bin
PEOPLE.csv: header employee_id,name,usernames,emails; ';' between several user names or e-mails.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, input] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if ((command !== 'build' && command !== 'stats') || input === undefined || positionals.length !== 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'build' && values.out === undefined) {
    process.stderr.write(`build: --out is required\n${USAGE}\n`);
    return 2;
  }
  const directory = await loadDirectoryFile(input);
  const { people, entries, bytes } = directory.stats();
  if (command === 'build') {
    await writeFile(values.out!, directory.artifact, { mode: 0o600 });
    process.stdout.write(
      `${values.out}: ${people} people, ${entries} keyed entries, ${bytes} bytes (no names, user names, e-mails or ids in the clear)\n`,
    );
  } else {
    process.stdout.write(`${input}: ${people} people, ${entries} keyed entries, ${bytes} bytes\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isUsageError(err)) {
      // The message names the flag, never a value from a file.
      process.stderr.write(`directory: ${(err as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const code = (err as NodeJS.ErrnoException)?.code;
    const message =
      err instanceof PeopleFileError || err instanceof DirectoryFormatError
        ? err.message
        : code
          ? `cannot read or write a file (${code})`
          : `failed (${(err as Error)?.name ?? 'Error'})`;
    process.stderr.write(`directory: ${message}\n`);
    process.exitCode = 1;
  },
);
