/** A command line a tool cannot run: it exits 2 and prints its usage. */
export class UsageError extends Error {}

/** The tool's own UsageError, or `node:util` parseArgs refusing a flag or its value. */
export function isUsageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
}
