/**
 * The Lambda's people directory: one S3 object (KMS-encrypted, readable by the ingest role only),
 * loaded at cold start and re-checked every `refreshMs` with a conditional GET (`If-None-Match`),
 * so an unchanged directory costs a 304 and no download. Requests never wait for a refresh: they
 * use the directory in hand. Until a first copy is in hand, `current` rejects — the core then
 * answers "retry", never stores text scrubbed without the directory — and the next request tries
 * again. A failed refresh keeps the last good copy.
 */
// Types only: the S3 client is loaded when a directory is configured, not by every cold start.
import type { S3Client } from '@aws-sdk/client-s3';
import { Directory } from './directory.ts';
import {
  type DirectoryLoadDetail,
  type DirectoryLoadOutcome,
  type DirectorySource,
  DirectoryUnavailableError,
} from './source.ts';

/** Largest directory object read (a million people's entries are well under this). */
export const MAX_DIRECTORY_BYTES = 512 * 1024 * 1024;

export interface S3DirectorySourceProps {
  /** A client created once per container. */
  readonly client: Pick<S3Client, 'send'>;
  readonly bucket: string;
  readonly key: string;
  /** How often the object is checked for a new version. */
  readonly refreshMs: number;
  /** Least time between two attempts while no copy is in hand. @default 1000 */
  readonly retryMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called after each attempt, e.g. to count them; carries no content. */
  readonly onLoad?: (outcome: DirectoryLoadOutcome, detail?: DirectoryLoadDetail) => void;
}

function notModified(err: unknown): boolean {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 304;
}

export function createS3DirectorySource(
  props: S3DirectorySourceProps,
): DirectorySource & { ready: Promise<void> } {
  const now = props.now ?? Date.now;
  const retryMs = props.retryMs ?? 1000;
  let directory: Directory | undefined;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  /** Class name of the last failure (never its message: an SDK message may quote the bucket or key). */
  let lastFailure = 'Error';

  const fetchOnce = async (): Promise<void> => {
    checkedAt = now();
    try {
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const out = await props.client.send(
        new GetObjectCommand({
          Bucket: props.bucket,
          Key: props.key,
          IfNoneMatch: directory ? etag : undefined,
        }),
      );
      if ((out.ContentLength ?? 0) > MAX_DIRECTORY_BYTES) throw new RangeError('directory object too large');
      const bytes = await out.Body?.transformToByteArray();
      if (!bytes) throw new Error('directory object has no body');
      const next = Directory.fromArtifact(bytes);
      directory = next;
      etag = out.ETag;
      props.onLoad?.('loaded', next.stats());
    } catch (err) {
      if (directory && notModified(err)) {
        props.onLoad?.('unchanged');
        return;
      }
      lastFailure = (err as Error)?.name || 'Error';
      props.onLoad?.('failed', { error: lastFailure });
      throw err;
    }
  };

  const attempt = (): Promise<void> => {
    inFlight ??= fetchOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  // Cold start: begin at once, so the first request usually finds it loaded.
  const ready = attempt().catch(() => {});

  return {
    ready,
    async current(): Promise<Directory> {
      if (directory) {
        if (now() - checkedAt >= props.refreshMs) void attempt().catch(() => {});
        return directory;
      }
      // While the last attempt failed recently, answer at once rather than hammer S3.
      await (inFlight ?? (now() - checkedAt >= retryMs ? attempt() : undefined))?.catch(() => {});
      if (!directory) throw new DirectoryUnavailableError(`people directory: not loaded (${lastFailure})`);
      return directory;
    },
  };
}
