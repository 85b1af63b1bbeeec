/**
 * Reads a request body with a byte cap enforced while streaming: a body over the cap is
 * never held in memory, whatever Content-Length claims (or omits).
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { readonly kind: 'ok'; readonly body: Buffer } | { readonly kind: 'too_large' };

/** After refusing a body, read and discard at most this much more so the client sees the 413; then hang up. */
const DISCARD_LIMIT = 8 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(req);
    return Promise.resolve({ kind: 'too_large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        discard(req);
        resolve({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      resolve({ kind: 'ok', body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
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
