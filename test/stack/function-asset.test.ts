/**
 * The function's asset as `cdk synth` builds it (local esbuild, no Docker): its code and, beside
 * it, the data files it reads when it starts; the code loads from there and nowhere else, and a
 * request through it — AWS answered by a local fake — stores what the source tree's core stores.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityIngestStack } from '../../lib/activity-ingest-stack.ts';
import { BUNDLED_DATA_FILES } from '../../lib/bundled-data/files.ts';
import { cdkJsonContext, REPO_ROOT } from '../../lib/cdk-context.ts';
import { configFromContext } from '../../lib/config.ts';
import { ACCOUNT, logicalIdOf, REGION } from './synth.ts';

// Inside node_modules, so the bundle finds the AWS SDK it leaves to the runtime.
const OUT = join(REPO_ROOT, 'node_modules', '.cache', `function-asset-${process.pid}`);
let assetDir = '';

const AGENT_ROLE = 'agent-role';

/** The function's settings, as the construct sets them. */
const FUNCTION_ENV = {
  DELIVERY_STREAM_NAME: 'test',
  PSEUDONYM_KEY_ID: 'alias/test',
  AGENT_ACCOUNT_ID: ACCOUNT,
  AGENT_ROLE_NAME: AGENT_ROLE,
  AWS_REGION: REGION,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** Imports the bundle in a fresh Node process with the function's settings; its stderr on failure. */
function importBundle(dir: string): { ok: boolean; output: string } {
  const url = JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href);
  try {
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${url}); console.log(typeof m.handler);`],
      { env: { ...process.env, ...FUNCTION_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
    ).toString();
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
}

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  const app = new App({ outdir: join(OUT, 'cdk.out'), context: cdkJsonContext() });
  const stack = new ActivityIngestStack(app, 'ActivityIngest', {
    projectRoot: REPO_ROOT,
    config: configFromContext((key) => app.node.tryGetContext(key)),
    env: { account: ACCOUNT, region: REGION },
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Properties: { Code: { S3Key: string } } }>;
  };
  const key = template.Resources[logicalIdOf(stack.ingest.function)]?.Properties.Code.S3Key ?? '';
  assetDir = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
}, 120_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the ingest function as synthesized', () => {
  it('ships its code and the data files beside it, nothing else (no source map unless asked for)', () => {
    expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', ...BUNDLED_DATA_FILES].sort());
  });

  it('loads in a fresh process and exports the handler', () => {
    expect(importBundle(assetDir)).toEqual({ ok: true, output: 'function\n' });
  });

  it.each(BUNDLED_DATA_FILES)('fails its cold start, naming the file, without %s beside it', (name) => {
    const partial = join(OUT, `without-${name}`);
    cpSync(assetDir, partial, { recursive: true });
    rmSync(join(partial, name));
    expect(existsSync(join(partial, 'index.mjs'))).toBe(true);
    const result = importBundle(partial);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(name);
  });
});

/** KMS and Firehose as a local HTTP server: a fixed MAC, every record accepted and kept. */
async function fakeAws(): Promise<{ server: Server; endpoint: string; records: Record<string, unknown>[] }> {
  const records: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(body) as { Records?: { Data: string }[] };
      let reply: unknown = {};
      if (target.endsWith('.GenerateMac')) {
        reply = { Mac: Buffer.alloc(32, 7).toString('base64'), KeyId: 'k', MacAlgorithm: 'HMAC_SHA_256' };
      } else if (target.endsWith('.PutRecordBatch')) {
        for (const r of input.Records ?? []) {
          for (const line of Buffer.from(r.Data, 'base64').toString('utf8').split('\n').filter(Boolean))
            records.push(JSON.parse(line));
        }
        reply = {
          FailedPutCount: 0,
          RequestResponses: (input.Records ?? []).map((_, i) => ({ RecordId: `r${i}` })),
        };
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, records };
}

describe('a request through the synthesized bundle', () => {
  it('stores the registrable domain and a scrubbed name: the shipped data files at work', async () => {
    const aws = await fakeAws();
    try {
      const event = (type: string, fields: Record<string, unknown>) => ({
        event_id: crypto.randomUUID(),
        occurred_at: '2026-11-27T06:59:00.000Z',
        type,
        session_id: 'sess-1',
        app: 'vscode',
        ...fields,
      });
      const body = {
        agent: { name: 'activity-agent', version: '1.4.2', os: 'macos' },
        events: [
          event('navigation', { url: 'https://a.b.example.co.uk/private/page?q=1', duration_ms: 1000 }),
          event('terminal_command', {
            command: 'git commit -m "pairing with Jane Doe"',
            exit_code: 0,
            duration_ms: 10,
          }),
        ],
      };
      const apiEvent = {
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
        httpMethod: 'POST',
        isBase64Encoded: false,
        path: '/v1/events',
        requestContext: {
          requestId: 'r1',
          identity: { userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${AGENT_ROLE}/E000123` },
        },
      };
      const url = JSON.stringify(pathToFileURL(join(assetDir, 'index.mjs')).href);
      const script = `const m = await import(${url});
        const out = await m.handler(JSON.parse(process.env.API_EVENT), { awsRequestId: 'l1' });
        process.stdout.write(JSON.stringify(out));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          ...process.env,
          ...FUNCTION_ENV,
          API_EVENT: JSON.stringify(apiEvent),
          AWS_ACCESS_KEY_ID: 'AKIAFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake',
          AWS_ENDPOINT_URL_KMS: aws.endpoint,
          AWS_ENDPOINT_URL_FIREHOSE: aws.endpoint,
        },
      });
      expect(JSON.parse(stdout).statusCode).toBe(200);
      expect(aws.records).toHaveLength(2);
      const byType = Object.fromEntries(aws.records.map((r) => [r.event_type, r]));
      expect(byType.navigation?.domain).toBe('example.co.uk');
      expect(String(byType.terminal_command?.content)).toContain('<PERSON_NAME>');
      expect(JSON.stringify(aws.records)).not.toContain('Jane');
    } finally {
      aws.server.close();
    }
  }, 60_000);
});
