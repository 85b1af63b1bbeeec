/**
 * Reads a request body with a byte cap enforced while streaming — a body over the cap is
 * never held in memory, whatever Content-Length claims (or omits) — and a deadline: a body
 * that trickles in (a slow or hostile client holding a connection) is given up on in time.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly kind: 'ok'; readonly body: Buffer }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'timeout' };

/** After refusing a body, read and discard at most this much more so the client sees the 413; then hang up. */
const DISCARD_LIMIT = 8 * 1024 * 1024;

/** Reads the body; `timeoutMs` bounds the whole read, from now until the last byte. */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(req);
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
    };
    const timer = setTimeout(() => {
      stop();
      // Stop reading: the answer goes out with Connection: close, and the rest is never read.
      req.pause();
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        discard(req);
        resolve({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      clearTimeout(timer);
      resolve({ kind: 'ok', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function discard(req: IncomingMessage): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT) req.destroy();
  });
  req.resume();
}
