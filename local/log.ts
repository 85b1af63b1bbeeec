/**
 * Structured log lines for the local mode: one JSON object per line on stderr.
 * Callers pass counts, ids, paths and durations — never event content, identities
 * or raw error messages from the SQL engine (which can quote values).
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Log {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export function createLog(
  service: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Log {
  const emit = (level: string, msg: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields })}\n`);
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };
