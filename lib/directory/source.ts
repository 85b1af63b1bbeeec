import type { Directory } from './directory.ts';

/**
 * Where the ingest core gets the people directory for a request: a fixed one (local mode) or one
 * loaded from S3 and refreshed (Lambda). `current` rejects while a configured directory cannot be
 * had: the core then answers "retry" rather than store text that was scrubbed without it.
 */
export interface DirectorySource {
  current(): Promise<Directory | undefined>;
}

export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError';
}

export function fixedDirectory(directory: Directory | undefined): DirectorySource {
  const value = Promise.resolve(directory);
  return { current: () => value };
}

/** How one attempt to load a directory ended. */
export type DirectoryLoadOutcome = 'loaded' | 'unchanged' | 'failed';

/** The loaded directory's size, or the class name of a failure (never its message). */
export type DirectoryLoadDetail =
  | { readonly people: number; readonly entries: number }
  | { readonly error: string };
