/**
 * Why `npm start` could not start, said so that the operator can act: which port or path,
 * and what to do about it. Exit code 2 for what the operator must change (a flag, a port, a
 * folder in use or not writable), 1 for anything else.
 */

import { FolderLockedError } from '../lib/fs/folder-lock.ts';
import { ConfigError } from '../lib/ingest/config.ts';
import { KeyFileError } from './key-file.ts';
import type { LogFields } from './log.ts';

export interface StartFailure {
  readonly exitCode: 1 | 2;
  readonly message: string;
  readonly fields: LogFields;
}

export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

interface SystemError extends NodeJS.ErrnoException {
  readonly port?: number;
  readonly address?: string;
  readonly dest?: string;
}

export function describeStartError(
  err: unknown,
  where: { host: string; port: number; dataDir: string },
): StartFailure {
  if (err instanceof ConfigError) return { exitCode: EXIT_USAGE, message: err.message, fields: {} };
  if (err instanceof KeyFileError) return { exitCode: EXIT_FAILURE, message: err.message, fields: {} };
  if (err instanceof FolderLockedError) {
    const pid = err.holder?.pid;
    return {
      exitCode: EXIT_USAGE,
      message:
        pid !== undefined
          ? `data folder ${err.folder} is in use by another server (pid ${pid}, since ${err.holder?.since}): stop it (kill -TERM ${pid}) or pass --data DIR`
          : `data folder ${err.folder} is locked (${err.lockPath}) by an owner that cannot be identified: if no server runs on it, remove ${err.lockPath}`,
      fields: { data_dir: err.folder, holder_pid: pid ?? null, lock: err.lockPath },
    };
  }
  const e = err as SystemError;
  const port = e.port ?? where.port;
  const host = e.address ?? where.host;
  switch (e.syscall === 'listen' || e.syscall === 'bind' ? e.code : undefined) {
    case 'EADDRINUSE':
      return usage(
        `port ${port} on ${host} is in use (another npm start?): pass --port N, or --port 0 for any free one`,
        { port, host },
      );
    case 'EACCES':
      return usage(`port ${port} on ${host} needs privileges: pass --port N with N ≥ 1024`, { port, host });
    case 'EADDRNOTAVAIL':
      return usage(
        `address ${host} is not on this machine: pass --host 127.0.0.1 (or another local address)`,
        { port, host },
      );
  }
  const path = e.path ?? where.dataDir;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return usage(`cannot write ${path} (permission denied): pass --data DIR with a folder you can write`, {
        path,
      });
    case 'EROFS':
      return usage(`${path} is on a read-only file system: pass --data DIR on a writable disk`, { path });
    case 'ENOSPC':
      return usage(
        `no space left on the disk of ${path}: free some space or pass --data DIR on another disk`,
        { path },
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return usage(`${path} is not a folder: pass --data DIR naming a folder (it is created if missing)`, {
        path,
      });
  }
  return {
    exitCode: EXIT_FAILURE,
    message: `${e?.code ?? (err as Error)?.name ?? 'Error'}${e?.path ? ` on ${e.path}` : ''}`,
    fields: {},
  };
}

function usage(message: string, fields: LogFields): StartFailure {
  return { exitCode: EXIT_USAGE, message, fields };
}
