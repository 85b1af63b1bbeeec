/**
 * Step 0: is this a JSON body of acceptable size? Checked before anything is parsed:
 * 415 for another media type or charset, 413 over the byte limit, 400 for bytes that are
 * not UTF-8 JSON. Strings holding an unpaired UTF-16 surrogate (which valid UTF-8 cannot carry,
 * but a `\ud800` escape can) are repaired here, before anything else sees them: each unpaired
 * surrogate becomes U+FFFD, as `String.prototype.toWellFormed` does.
 */
import { type ErrorCode, STATUS } from '../api/contract.ts';
import type { IngestRequest } from './ports.ts';
import { wellFormed } from './scrub/utf8.ts';

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
  let body: unknown;
  try {
    // A leading BOM is tolerated, as RFC 8259 allows parsers to.
    body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // The parser's message quotes the input; ours does not.
    return {
      ok: false,
      status: STATUS.badRequest,
      code: 'invalid_json',
      message: 'body: must be valid JSON',
    };
  }
  return { ok: true, body: SURROGATE.test(text) ? repairSurrogates(body) : body };
}

/** A surrogate (paired or not) in the text, raw or as an escape; without one, no string can hold a lone one. */
const SURROGATE = /[\ud800-\udfff]|\\u[dD][89a-fA-F]/;

/**
 * The parsed body with every string (keys too) made well-formed: an unpaired surrogate becomes
 * U+FFFD. Iterative, so a deeply nested body cannot exhaust the stack. Repaired rather than
 * rejected: an agent that cut a string inside a surrogate pair would otherwise lose whole events,
 * and one replacement character carries no content.
 */
export function repairSurrogates(value: unknown): unknown {
  const fix = (v: unknown): unknown => (typeof v === 'string' ? wellFormed(v) : v);
  const root = { value };
  const stack: Array<Record<string, unknown> | unknown[]> = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = fix(node[i]);
        if (typeof node[i] === 'object' && node[i] !== null) stack.push(node[i] as Record<string, unknown>);
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const v = fix(node[key]);
      const k = wellFormed(key);
      if (k !== key) delete node[key];
      // Defined, not assigned: a `__proto__` key of the body is an own property like any other.
      if (k !== key || v !== node[key]) {
        Object.defineProperty(node, k, { value: v, writable: true, enumerable: true, configurable: true });
      }
      if (typeof v === 'object' && v !== null) stack.push(v as Record<string, unknown>);
    }
  }
  return root.value;
}
