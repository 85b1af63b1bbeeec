/**
 * Why a conversion failed, in two kinds:
 * - the rows' fault (the engine refused a value): those rows go to errors/, the rest is kept;
 * - anything else (disk full, read-only folder, engine down): not the rows' fault, so the batch
 *   stays in wal/ and is tried again later.
 * And a summary safe for logs and /healthz: an error class and code only, never the message
 * (DuckDB's messages can quote a row's values).
 */
import { EngineUnavailableError } from './parquet-writer.ts';

/** DuckDB error classes that mean "this input cannot be read or cast", i.e. the data's fault. */
const REFUSAL_CLASSES = ['Invalid Input Error', 'Conversion Error', 'Out of Range Error'] as const;

/** strerror texts DuckDB includes in its I/O errors, mapped back to errno codes. */
const STRERROR_CODES: readonly [string, string][] = [
  ['No space left on device', 'ENOSPC'],
  ['Read-only file system', 'EROFS'],
  ['Permission denied', 'EACCES'],
  ['Disk quota exceeded', 'EDQUOT'],
  ['Too many open files', 'EMFILE'],
  ['Input/output error', 'EIO'],
];

export interface ErrorSummary {
  /** e.g. "IO Error", "Invalid Input Error", "Error". */
  readonly class: string;
  /** An errno code when one is known (ENOSPC, EROFS, …), else null. */
  readonly code: string | null;
}

/** True when the engine refused the data itself; false for I/O and engine trouble. */
export function isRowRefusal(err: unknown): boolean {
  if (err instanceof EngineUnavailableError) return false;
  if ((err as NodeJS.ErrnoException)?.code) return false;
  const cls = summarize(err).class;
  return (REFUSAL_CLASSES as readonly string[]).includes(cls);
}

export function summarize(err: unknown): ErrorSummary {
  const errno = (err as NodeJS.ErrnoException)?.code;
  if (typeof errno === 'string') return { class: 'SystemError', code: errno };
  if (err instanceof EngineUnavailableError) return { class: err.name, code: null };
  const message = err instanceof Error ? err.message : '';
  // DuckDB messages start with their class: "IO Error: Could not write file …".
  const match = /^([A-Za-z][A-Za-z ]{0,40} Error):/.exec(message);
  const code = STRERROR_CODES.find(([text]) => message.includes(text))?.[1] ?? null;
  return { class: match?.[1] ?? (err instanceof Error ? err.name : 'Error'), code };
}
