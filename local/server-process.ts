/**
 * Runs `bin/local-server.ts` as a real child process (node + the tsx loader, no npx wrapper,
 * so a signal reaches the server itself; or through `npm start`, as a user does) and waits for
 * its structured "listening" line. Used by the process tests and the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Structured log lines (JSON objects) the server wrote so far. */
  readonly logLines: () => Record<string, unknown>[];
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** How the server is launched: node itself (the default), or `npm start` as a user runs it. */
export type Launcher = 'node' | 'npm';

export function startServerProcess(
  args: readonly string[],
  timeoutMs = 30_000,
  launcher: Launcher = 'node',
): Promise<ServerProcess> {
  const { child, exited, logLines, stderr } = spawnServer(args, launcher);

  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(`server did not start in ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\n${stderr()}`));
    };
    const onData = () => {
      const listening = logLines().find((l) => l['msg'] === 'listening');
      if (!listening || settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve({ child, url: String(listening['url']), exited, logLines });
    };
    child.stderr!.on('data', onData);
    void exited.then((how) => fail(`server exited before listening (${String(how)})`));
  });
}

/** Runs a server that is expected not to start, and resolves with its exit and log once it is gone. */
export async function runServerToExit(
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<{ exit: number | NodeJS.Signals | null; logLines: Record<string, unknown>[] }> {
  const { child, exited, logLines } = spawnServer(args, 'node');
  // A server that starts after all must not outlive the test that expected it to fail.
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return { exit, logLines: logLines() };
}

function spawnServer(args: readonly string[], launcher: Launcher) {
  const child =
    launcher === 'npm'
      ? spawn('npm', ['start', '--silent', '--', ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(process.execPath, ['--import', 'tsx', 'bin/local-server.ts', ...args], {
          cwd: REPO,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return { child, exited, logLines: () => parseLines(stderr), stderr: () => stderr };
}

function parseLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut off by a kill
    }
  }
  return out;
}
