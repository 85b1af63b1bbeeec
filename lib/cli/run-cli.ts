import { exitQuietlyWhenStdoutCloses } from './closed-stdout.ts';
import { isUsageError } from './usage-error.ts';

/** What went wrong: the command line (exit 2, with the usage), the operator's setup (exit 2), or the run. */
export type CliErrorKind = 'usage' | 'operator' | 'failure';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CliOptions {
  /** The tool's name: its error line is `name: message`. */
  readonly name: string;
  /** Printed after a usage error's line, past a blank line. */
  readonly usage: string;
  /** Besides UsageError and parseArgs refusing a flag: errors of a wrong command line. */
  readonly usageErrors?: readonly ErrorClass[];
  /** Errors the operator fixes outside the command line (a missing data folder, a folder in use). */
  readonly operatorErrors?: readonly ErrorClass[];
  /** The exit code of any other error. @default 1 */
  readonly failureCode?: number;
  /** The tool's own stderr text for an error, or undefined for the usual one. */
  readonly report?: (err: unknown, kind: CliErrorKind) => string | undefined;
}

/**
 * Runs a tool's main once stdout may close early (see closed-stdout.ts): its result is the exit
 * code; an error prints its message only (never a stack) and exits 2 when the command line or the
 * operator's setup is wrong, with the usage for a wrong command line.
 */
export function runCli(main: () => Promise<number>, options: CliOptions): void {
  exitQuietlyWhenStdoutCloses();
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const kind = errorKind(err, options);
      process.stderr.write(
        options.report?.(err, kind) ??
          `${options.name}: ${(err as Error).message}\n${kind === 'usage' ? `\n${options.usage}\n` : ''}`,
      );
      process.exitCode = kind === 'failure' ? (options.failureCode ?? 1) : 2;
    },
  );
}

function errorKind(err: unknown, options: CliOptions): CliErrorKind {
  const of = (types: readonly ErrorClass[] = []) => types.some((type) => err instanceof type);
  if (isUsageError(err) || of(options.usageErrors)) return 'usage';
  return of(options.operatorErrors) ? 'operator' : 'failure';
}
