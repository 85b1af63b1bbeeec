/** Every local tool explains itself: --help exits 0 with its usage; an unknown flag exits 2 naming it, never a stack trace. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';

const exec = promisify(execFile);

async function run(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const TOOLS = [
  ['demo', 'bin/demo.ts', 'usage: npm run demo'],
  ['start', 'bin/local-server.ts', 'usage: npm start'],
  ['query', 'bin/query.ts', 'usage: npm run query'],
  ['release', 'bin/release.ts', 'usage: npm run release'],
  ['compact', 'bin/compact.ts', 'usage: npm run compact'],
  ['directory', 'bin/directory.ts', 'usage: npm run directory'],
  ['notice', 'bin/notice.ts', 'usage: npm run notice'],
  ['generate', 'bin/generate.ts', 'usage: npm run generate'],
  ['agent', 'bin/activity-agent.ts', 'activity-agent'],
] as const;

describe.each(TOOLS)('npm run %s', (_, script, usage) => {
  it('--help: the usage on stdout, exit 0', async () => {
    const r = await run(script, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(usage);
  });

  it('an unknown flag: exit 2, the flag named, the usage, no stack trace', async () => {
    const r = await run(script, ['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-such-flag');
    expect(r.stderr).toContain(usage);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
