/**
 * Size of the deployed function's bundle, built with esbuild as the CDK's NodejsFunction does
 * (lib/constructs/ingest-function.ts: minify, ESM, node24, mainFields module/main, the require()
 * banner, `@aws-sdk/*` external). Printed twice: as deployed, with the runtime's own SDK, and with
 * the pinned AWS SDK bundled, to show the trade-off. The bundle is then loaded
 * once to prove it runs as an ES module. Run alone: `npx tsx bench/bundle-size.ts`.
 */

import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'lambdas', 'ingest', 'handler.ts');
const TARGET_BYTES = 300 * 1024;

async function bundle(outfile: string, external: string[]): Promise<Metafile> {
  const result = await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    external,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Bytes in the bundle per top-level package, largest first. */
function byPackage(meta: Metafile): [string, number][] {
  const inputs = Object.values(meta.outputs).find((o) => o.entryPoint !== undefined)?.inputs ?? {};
  const sizes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? (m[1] as string) : 'activity-ingest (own code)';
    const group =
      key.startsWith('@aws-sdk/') || key.startsWith('@smithy/') || key.startsWith('@aws-crypto/')
        ? 'AWS SDK (@aws-sdk, @smithy, @aws-crypto)'
        : key;
    sizes.set(group, (sizes.get(group) ?? 0) + bytesInOutput);
  }
  return [...sizes.entries()].sort((a, b) => b[1] - a[1]);
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function run(): Promise<void> {
  // Inside node_modules so the external variant resolves @aws-sdk/* when loaded.
  const dir = join(ROOT, 'node_modules', '.cache', `ingest-bundle-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const savedEnv = { ...process.env };
  try {
    for (const [label, external] of [
      ['@aws-sdk/* external (as deployed: runtime SDK)', ['@aws-sdk/*', '@smithy/*']],
      ['SDK bundled (the alternative: bundleAwsSDK)', []],
    ] as const) {
      const outfile = join(dir, `${external.length ? 'external' : 'bundled'}.mjs`);
      const meta = await bundle(outfile, [...external]);
      const size = statSync(outfile).size;
      const gz = gzipSync(readFileSync(outfile)).length;
      console.log(
        `${label.padEnd(42)} ${kib(size).padStart(10)} (gzip ${kib(gz)})  target < ${kib(TARGET_BYTES)}: ${size < TARGET_BYTES ? 'met' : 'NOT met'}`,
      );
      for (const [pkg, bytes] of byPackage(meta).slice(0, 6))
        console.log(`    ${pkg.padEnd(44)} ${kib(bytes).padStart(10)}`);
      // Load it once, as Lambda would: settings present, so module init runs fully.
      Object.assign(process.env, {
        DELIVERY_STREAM_NAME: 'bench',
        PSEUDONYM_KEY_ID: 'alias/bench',
        AGENT_ACCOUNT_ID: '123456789012',
        AGENT_ROLE_NAME: 'bench-agent',
        AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
        POWERTOOLS_METRICS_DISABLED: 'true',
      });
      const mod = (await import(pathToFileURL(outfile).href)) as { handler?: unknown };
      console.log(`    loads as an ES module, exports handler: ${typeof mod.handler === 'function'}`);
    }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
