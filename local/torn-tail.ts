import { open } from 'node:fs/promises';

/**
 * Cuts a segment back to its last complete line. A crash mid-write can leave a partial
 * last line; that write was never fsynced-and-acknowledged, so dropping it loses nothing
 * that was accepted. Returns the remaining size in bytes.
 */
export async function trimTornTail(path: string): Promise<number> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    let end = size;
    const chunk = Buffer.alloc(64 * 1024);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await fh.read(chunk, 0, end - start, start);
      const nl = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl >= 0) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
    if (end !== size) {
      await fh.truncate(end);
      await fh.sync();
    }
    return end;
  } finally {
    await fh.close();
  }
}

/**
 * Cuts a segment back to the length this process acknowledged: bytes after it are from a
 * write that failed (and was answered `retry`), which the WAL could not cut at the time.
 */
export async function cutToAcknowledged(path: string, acknowledged: number): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    if ((await fh.stat()).size > acknowledged) {
      await fh.truncate(acknowledged);
      await fh.sync();
    }
  } finally {
    await fh.close();
  }
}
