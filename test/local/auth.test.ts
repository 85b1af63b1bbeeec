/**
 * Local mode: an agent can write only as the employee its token names. Tokens are minted from the
 * data folder's key; the server derives the employee from the token, never from the body.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTokenMinter, MissingKeyError } from '../../local/agent-credentials.ts';
import { callerFromAuthorization, mintAgentToken, verifyAgentToken } from '../../local/agent-token.ts';
import { type LocalServer, startLocalServer } from '../../local/local-server.ts';
import { createLog } from '../../local/log.ts';
import { QueryEngine } from '../../local/query-engine.ts';
import { startServerProcess } from '../../local/server-process.ts';
import { acceptedIds, envelope, post, terminalEvent } from './events.ts';

describe('agent tokens are stateless, keyed and canonical', () => {
  const key = randomBytes(32);

  it('a token names its employee (normalised), and only with the key that made it', () => {
    const token = mintAgentToken(key, 'E000123');
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyAgentToken(key, token)).toBe('e000123');
    expect(mintAgentToken(key, ' e000123 ')).toBe(token);
    expect(verifyAgentToken(randomBytes(32), token)).toBeNull();
  });

  it('a token edited to name someone else, or mangled, verifies as nobody', () => {
    const token = mintAgentToken(key, 'E000123');
    const [v, , mac] = token.split('.');
    const other = Buffer.from('e000124').toString('base64url');
    const upper = Buffer.from('E000123').toString('base64url');
    for (const bad of [
      `${v}.${other}.${mac}`, // someone else's id with A's MAC
      `${v}.${upper}.${mac}`, // a non-canonical spelling of the same id
      `v2.${token.slice(3)}`,
      token.slice(0, -1),
      `${token}A`,
      '',
      'Bearer',
      'x'.repeat(5000),
    ]) {
      expect(verifyAgentToken(key, bad)).toBeNull();
    }
  });

  it('reads RFC 6750 bearer credentials; anything else is unauthenticated', () => {
    const token = mintAgentToken(key, 'E000123');
    expect(callerFromAuthorization(key, `Bearer ${token}`)).toEqual({
      kind: 'employee',
      employeeId: 'e000123',
    });
    expect(callerFromAuthorization(key, `bearer ${token}`)).toEqual({
      kind: 'employee',
      employeeId: 'e000123',
    });
    for (const header of [undefined, token, `Basic ${token}`, `Bearer ${token} extra`, 'Bearer']) {
      expect(callerFromAuthorization(key, header)).toEqual({ kind: 'unauthenticated' });
    }
  });
});

describe('the local server refuses callers without a valid token, and posting as a colleague', () => {
  let dir: string;
  let server: LocalServer;
  let mint: (employeeId: string) => string;
  const logLines: string[] = [];
  const accepted = new Set<string>();
  const refused = new Set<string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'activity-auth-'));
    server = await startLocalServer({
      dataDir: dir,
      port: 0,
      workers: 1,
      log: createLog('test', (l) => logLines.push(l)),
    });
    mint = await localTokenMinter(dir);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sendRefused = async (body: ReturnType<typeof envelope>, token?: string, authorization?: string) => {
    for (const e of body.events) refused.add(e.event_id);
    if (authorization === undefined) return post(server.url, body, token);
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };

  it('no token → 401 unauthenticated with WWW-Authenticate: Bearer', async () => {
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope([terminalEvent()])),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('a token of another data folder, a forged one, or another scheme → 401', async () => {
    const foreign = mintAgentToken(randomBytes(32), 'emp-0001');
    const forged = `v1.${Buffer.from('emp-0002').toString('base64url')}.${mint('emp-0001').split('.')[2]}`;
    for (const authorization of [`Bearer ${foreign}`, `Bearer ${forged}`, `Basic ${mint('emp-0001')}`]) {
      const { status, json } = await sendRefused(
        envelope([terminalEvent()], 'emp-0002'),
        undefined,
        authorization,
      );
      expect(status).toBe(401);
      expect((json['error'] as { code: string }).code).toBe('unauthenticated');
    }
  });

  it("A's token with a body naming B → 403 identity_mismatch", async () => {
    const { status, json } = await sendRefused(envelope([terminalEvent()], 'emp-0002'), mint('emp-0001'));
    expect(status).toBe(403);
    expect((json['error'] as { code: string; field: string }).code).toBe('identity_mismatch');
  });

  it("A's token, with or without employee_id in the body → stored as A", async () => {
    const withId = await post(server.url, envelope([terminalEvent()], 'emp-0001'), mint('emp-0001'));
    const body = envelope([terminalEvent()]) as Partial<ReturnType<typeof envelope>>;
    delete body.employee_id;
    const withoutId = await post(server.url, body, mint('emp-0001'));
    expect([withId.status, withoutId.status]).toEqual([200, 200]);
    for (const id of [...acceptedIds(withId.json), ...acceptedIds(withoutId.json)]) accepted.add(id);
  });

  it('nothing of a refused request is stored, and no token reaches the log', async () => {
    await server.flush();
    const engine = await QueryEngine.open(dir, { raw: true });
    try {
      const rows = await engine.query('SELECT event_id, contributor FROM events');
      const ids = new Set(rows.rows.map((r) => String(r[0])));
      expect([...refused].filter((id) => ids.has(id))).toEqual([]);
      expect([...accepted].every((id) => ids.has(id))).toBe(true);
      // Both accepted requests carried A's token: one contributor.
      expect(new Set(rows.rows.map((r) => String(r[1]))).size).toBe(1);
    } finally {
      engine.close();
    }
    const log = logLines.join('');
    for (const employee of ['emp-0001', 'emp-0002']) {
      expect(log).not.toContain(mint(employee));
      expect(log).not.toContain(mint(employee).split('.')[2]);
    }
  });
});

describe('tokens are minted only from an existing data folder key', () => {
  it('a folder without a key is an error naming it, not a silently different token', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'activity-nokey-'));
    try {
      await expect(localTokenMinter(empty)).rejects.toThrow(MissingKeyError);
      await expect(localTokenMinter(empty)).rejects.toThrow(empty);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('npm start -- --open (development only) takes the employee from the body and says so', () => {
  it('logs an unauthenticated warning on start and accepts requests without a token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'activity-open-'));
    const server = await startServerProcess(['--port', '0', '--data', dir, '--open', '--workers', '0']);
    try {
      const warning = server.logLines().find((l) => l['level'] === 'warn');
      expect(String(warning?.['msg'])).toMatch(/UNAUTHENTICATED/);
      const { status } = await post(server.url, envelope([terminalEvent()], 'emp-0009'));
      expect(status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
