/** The request body, built from pre-encoded events so its exact byte size is known before sending. */
import { EVENTS_ROUTE } from '../api/contract.ts';
import type { AgentInfo, IdentityHints } from '../schema/index.ts';

export interface EnvelopeHeader {
  readonly employee_id: string;
  readonly device_id?: string;
  readonly identity_hints?: IdentityHints;
  readonly agent: AgentInfo;
}

export class EnvelopeEncoder {
  private readonly prefix: string;
  private static readonly suffix = ']}';
  /** Bytes of an envelope with no events. */
  readonly overhead: number;

  constructor(header: EnvelopeHeader) {
    const head = JSON.stringify(header);
    this.prefix = `${head.slice(0, -1)},"events":[`;
    this.overhead = Buffer.byteLength(this.prefix) + EnvelopeEncoder.suffix.length;
  }

  /** Bytes of the envelope holding events whose JSON sizes sum to `eventBytes`. */
  size(count: number, eventBytes: number): number {
    return this.overhead + eventBytes + Math.max(0, count - 1);
  }

  encode(eventJsons: readonly string[]): string {
    return `${this.prefix}${eventJsons.join(',')}${EnvelopeEncoder.suffix}`;
  }
}

/**
 * The URL to POST to. `endpoint` is the API base (an API Gateway invoke URL ending in the
 * stage, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/prod`, or `http://127.0.0.1:8787`);
 * a URL already ending in `/v1/events` is used as is.
 */
export function eventsUrl(endpoint: string): URL {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(EVENTS_ROUTE)) url.pathname = path;
  else url.pathname = `${path}${EVENTS_ROUTE}`;
  return url;
}

/** The region of an execute-api host name, e.g. `eu-west-1`. */
export function regionFromHost(hostname: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(hostname)?.[1];
}
