/**
 * Step 0: is this a JSON body of acceptable size? Checked before anything is parsed:
 * 415 for another media type or charset, 413 over the byte limit, 400 for bytes that are
 * not UTF-8 JSON.
 */
import { type ErrorCode, STATUS } from '../api/contract.ts';
import type { IngestRequest } from './ports.ts';

export type ReadResult =
  | { ok: true; body: unknown }
  | { ok: false; status: number; code: ErrorCode; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `application/json`, optionally with a UTF-8 charset parameter (JSON is UTF-8 by RFC 8259). */
export function isJsonContentType(
  contentType: string | undefined,
): { ok: true } | { ok: false; message: string } {
  if (contentType === undefined) return { ok: false, message: 'content-type: must be application/json' };
  const [mediaType, ...params] = contentType.split(';');
  if (mediaType?.trim().toLowerCase() !== 'application/json') {
    return { ok: false, message: 'content-type: must be application/json' };
  }
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().toLowerCase());
    if (
      name === 'charset' &&
      value?.replace(/^"|"$/g, '') !== 'utf-8' &&
      value?.replace(/^"|"$/g, '') !== 'utf8'
    ) {
      return { ok: false, message: 'content-type: charset must be utf-8' };
    }
  }
  return { ok: true };
}

export function readRequest(req: IngestRequest, maxBodyBytes: number): ReadResult {
  const type = isJsonContentType(req.contentType);
  if (!type.ok) {
    return {
      ok: false,
      status: STATUS.unsupportedMediaType,
      code: 'unsupported_media_type',
      message: type.message,
    };
  }
  const bytes = typeof req.body === 'string' ? Buffer.byteLength(req.body, 'utf8') : req.body.byteLength;
  if (bytes > maxBodyBytes) {
    return {
      ok: false,
      status: STATUS.tooLarge,
      code: 'payload_too_large',
      message: `body: must be at most ${maxBodyBytes} bytes`,
    };
  }
  let text: string;
  if (typeof req.body === 'string') text = req.body;
  else {
    try {
      text = utf8.decode(req.body);
    } catch {
      return { ok: false, status: STATUS.badRequest, code: 'invalid_json', message: 'body: must be UTF-8' };
    }
  }
  try {
    // A leading BOM is tolerated, as RFC 8259 allows parsers to.
    return { ok: true, body: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    // The parser's message quotes the input; ours does not.
    return {
      ok: false,
      status: STATUS.badRequest,
      code: 'invalid_json',
      message: 'body: must be valid JSON',
    };
  }
}
