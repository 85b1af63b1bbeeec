/**
 * The bundling hook copies the data files with the command of the shell CDK runs it in: `bash -c`
 * locally on Linux and macOS and always in Docker, `cmd /c` locally on Windows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_DATA_FILES } from '../../lib/bundled-data/files.ts';
import { copyBundledData } from '../../lib/constructs/ingest-function.ts';

describe('copying the bundled data into the asset', () => {
  it('copies every file with cp on POSIX, even from a path with spaces and quotes', () => {
    const root = mkdtempSync(join(tmpdir(), 'copy-data-'));
    const source = join(root, "it's a source");
    const output = join(root, 'asset output');
    mkdirSync(source);
    mkdirSync(output);
    for (const name of BUNDLED_DATA_FILES) writeFileSync(join(source, name), `bytes of ${name}`);

    const commands = copyBundledData(source, output, 'linux');
    for (const command of commands) execFileSync('bash', ['-c', command]);

    expect(commands).toHaveLength(BUNDLED_DATA_FILES.length);
    for (const name of BUNDLED_DATA_FILES) {
      expect(readFileSync(join(output, name), 'utf8')).toBe(`bytes of ${name}`);
    }
  });

  it('uses copy with Windows paths when bundling locally on Windows', () => {
    expect(copyBundledData('C:\\repo\\lib\\bundled-data', 'C:\\cdk.out\\asset', 'win32')).toEqual(
      BUNDLED_DATA_FILES.map(
        (name) => `copy /y "C:\\repo\\lib\\bundled-data\\${name}" "C:\\cdk.out\\asset\\${name}"`,
      ),
    );
  });

  it('uses cp in Docker, whatever the host, since the container is Linux', () => {
    const host = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      expect(copyBundledData('/asset-input/lib/bundled-data', '/asset-output')).toEqual(
        BUNDLED_DATA_FILES.map(
          (name) => `cp '/asset-input/lib/bundled-data/${name}' '/asset-output/${name}'`,
        ),
      );
      expect(copyBundledData('C:\\repo\\data', 'C:\\out')[0]).toMatch(/^copy \/y /);
    } finally {
      Object.defineProperty(process, 'platform', host);
    }
  });
});
