/**
 * Debian's Chromium for the browser checks: found at /usr/bin/chromium, or installed with apt-get
 * when it is missing and this process may install packages. Where it cannot be had, the reason is
 * returned for the test to skip with, never hidden.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

export const CHROMIUM = '/usr/bin/chromium';

/** The flags headless Chromium needs on these machines (no sandbox as root, no background network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) =>
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
      (err, stdout, stderr) =>
        resolve({ ok: !err, output: `${stdout}${stderr}`.trim().split('\n').slice(-3).join(' / ') }),
    ),
  );
}

const works = async () =>
  (
    await access(CHROMIUM, constants.X_OK).then(
      () => run(CHROMIUM, ['--version'], 30_000),
      () => ({ ok: false }),
    )
  ).ok;

/** Resolves with the browser's path, or with why there is none here. */
export async function ensureChromium(): Promise<{ path: string } | { skip: string }> {
  if (await works()) return { path: CHROMIUM };
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return {
      skip: `no ${CHROMIUM}, and this process cannot install it (needs root on Debian: apt-get install -y chromium)`,
    };
  }
  let install = await run('apt-get', ['install', '-y', 'chromium'], 600_000);
  if (!install.ok) {
    await run('apt-get', ['update'], 300_000);
    install = await run('apt-get', ['install', '-y', 'chromium'], 600_000);
  }
  if (await works()) return { path: CHROMIUM };
  return { skip: `apt-get install -y chromium failed: ${install.output}` };
}
