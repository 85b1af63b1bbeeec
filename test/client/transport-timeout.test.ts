/**
 * A request that hangs is given up after `timeoutMs`, even when garbage collections run while it
 * waits (Node holds an AbortSignal.timeout only weakly: once collected, it never fires, and the
 * agent would wait on that request forever).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('a hung request times out although the garbage collector runs during the wait', async () => {
  const child = fileURLToPath(new URL('./timeout-gc-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', child]);
  expect(JSON.parse(stdout)).toEqual({ kind: 'retry', reason: 'timeout' });
});
