/** The status codes of the contract, through the real HTTP path of the local server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTokenMinter } from '../../local/agent-credentials.ts';
import { type LocalServer, startLocalServer } from '../../local/local-server.ts';
import { envelope, post, terminalEvent } from './events.ts';

let dir: string;
let server: LocalServer;
/** The bearer token of the envelopes' employee. */
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'activity-http-'));
  // One worker thread: the same answers must come through the worker pool as from the main thread.
  server = await startLocalServer({ dataDir: dir, port: 0, workers: 1 });
  token = (await localTokenMinter(dir))('emp-0001');
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('POST /v1/events answers like the Lambda behind API Gateway', () => {
  it('200 when every event is accepted', async () => {
    const { status, json } = await post(server.url, envelope([terminalEvent(), terminalEvent()]), token);
    expect(status).toBe(200);
    expect(json['accepted']).toBe(2);
  });

  it('207 with a verdict per event when some are rejected', async () => {
    const good = terminalEvent();
    const { status, json } = await post(
      server.url,
      envelope([good, { ...terminalEvent(), type: 'no_such_type' } as never]),
      token,
    );
    expect(status).toBe(207);
    const results = json['results'] as { index: number; status: string; event_id: string }[];
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(results[0]!.event_id).toBe(good.event_id);
  });

  it('400 for a body that is not JSON, and for an invalid envelope', async () => {
    const bad = await post(server.url, '{"employee_id": ', token);
    expect(bad.status).toBe(400);
    expect((bad.json['error'] as { code: string }).code).toBe('invalid_json');
    const invalid = await post(server.url, { employee_id: 'e', events: [] }, token);
    expect(invalid.status).toBe(400);
    expect((invalid.json['error'] as { code: string }).code).toBe('invalid_envelope');
  });

  it('415 for another media type', async () => {
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify(envelope([terminalEvent()])),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('413 for a body over the limit, declared or streamed, without reading it all', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const declared = await post(server.url, big, token);
    expect(declared.status).toBe(413);
    expect((declared.json['error'] as { code: string }).code).toBe('payload_too_large');
    // Chunked: no Content-Length, so the limit must be enforced while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/v1/events`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('404 JSON for any other route; GET /healthz answers', async () => {
    const other = await fetch(`${server.url}/v1/other?employee=someone`);
    expect(other.status).toBe(404);
    const body = (await other.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).not.toContain('someone');
    const get = await fetch(`${server.url}/v1/events`);
    expect(get.status).toBe(404);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
  });
});
