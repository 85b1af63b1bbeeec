/**
 * The deployed function's bundle and its cold start, built with esbuild as the CDK's NodejsFunction
 * does (lib/constructs/ingest-function.ts: minify, ESM, node24, mainFields module/main, the
 * require() banner, `@aws-sdk/*` external: the runtime's SDK). Side by side in one run:
 * - as deployed: request validators generated at build time (lib/schema/validators);
 * - the previous approach: Ajv compiling the same schemas when the module loads;
 * - the pinned AWS SDK bundled instead of the runtime's.
 * Module init is measured in fresh Node processes (each loads the bundle once, as a cold Lambda
 * container does), median of several. Run alone: `npx tsx bench/bundle-size.ts`.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'lambdas', 'ingest', 'handler.ts');
const TARGET_BYTES = 200 * 1024;
const TARGET_INIT_MS = 60;
const INIT_RUNS = 7;

/** Swaps the generated validators for the ones Ajv compiles at load (the approach they replaced). */
const compileAtLoad: Plugin = {
  name: 'validators-compiled-at-load',
  setup(b) {
    b.onResolve({ filter: /validators\/index\.ts$/ }, () => ({
      path: join(ROOT, 'lib', 'schema', 'validators', 'runtime.ts'),
    }));
  },
};

async function bundle(outfile: string, external: string[], plugins: Plugin[] = []): Promise<Metafile> {
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
    plugins,
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

/** The function's settings, so that module init runs fully (clients, validators, scrubber). */
const LAMBDA_ENV = {
  DELIVERY_STREAM_NAME: 'bench',
  PSEUDONYM_KEY_ID: 'alias/bench',
  AGENT_ACCOUNT_ID: '123456789012',
  AGENT_ROLE_NAME: 'bench-agent-role',
  AWS_REGION: 'eu-west-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Median wall time of `import(bundle)` in fresh processes: in all (`coldMs`), and the function's
 * own init with the AWS SDK clients it imports already loaded (`ownMs`: validators, scrubber,
 * telemetry, settings — what this code base controls). Also proves it exports a handler.
 */
function initMs(outfile: string): { coldMs: number; ownMs: number; exportsHandler: boolean } {
  const url = JSON.stringify(pathToFileURL(outfile).href);
  const measure = (preload: string) => {
    const script = `${preload} const t = performance.now(); const m = await import(${url});
      process.stdout.write(JSON.stringify({ ms: performance.now() - t, handler: typeof m.handler === 'function' }));`;
    const runs: { ms: number; handler: boolean }[] = [];
    for (let i = 0; i < INIT_RUNS; i++) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, ...LAMBDA_ENV },
      });
      runs.push(JSON.parse(out.toString()));
    }
    return { ms: median(runs.map((r) => r.ms)), handler: runs.every((r) => r.handler) };
  };
  const cold = measure('');
  const own = measure("await import('@aws-sdk/client-firehose'); await import('@aws-sdk/client-kms');");
  return { coldMs: cold.ms, ownMs: own.ms, exportsHandler: cold.handler && own.handler };
}

export interface BundleFigures {
  readonly label: string;
  readonly bytes: number;
  /** Own module init, the AWS SDK already loaded. */
  readonly initMs: number;
  /** The whole cold import, runtime SDK included. */
  readonly coldMs: number;
}

export async function run(): Promise<BundleFigures[]> {
  // Inside node_modules so the external variant resolves @aws-sdk/* when loaded.
  const dir = join(ROOT, 'node_modules', '.cache', `ingest-bundle-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const figures: BundleFigures[] = [];
  try {
    const variants = [
      {
        label: 'as deployed: generated validators, runtime SDK',
        external: ['@aws-sdk/*', '@smithy/*'],
        plugins: [],
      },
      {
        label: 'before: Ajv compiles at load, runtime SDK',
        external: ['@aws-sdk/*', '@smithy/*'],
        plugins: [compileAtLoad],
      },
      { label: 'generated validators, SDK bundled', external: [], plugins: [] },
    ];
    for (const [i, v] of variants.entries()) {
      const outfile = join(dir, `variant-${i}.mjs`);
      const meta = await bundle(outfile, v.external, v.plugins);
      const size = statSync(outfile).size;
      const gz = gzipSync(readFileSync(outfile)).length;
      const init = initMs(outfile);
      figures.push({ label: v.label, bytes: size, initMs: init.ownMs, coldMs: init.coldMs });
      console.log(
        `${v.label.padEnd(48)} ${kib(size).padStart(10)} (gzip ${kib(gz)})  own init ${init.ownMs.toFixed(1).padStart(6)} ms` +
          `  cold import ${init.coldMs.toFixed(1).padStart(6)} ms  loads as ESM with a handler: ${init.exportsHandler}`,
      );
      for (const [pkg, bytes] of byPackage(meta).slice(0, 6))
        console.log(`    ${pkg.padEnd(44)} ${kib(bytes).padStart(10)}`);
    }
    const [deployed, before] = figures as [BundleFigures, BundleFigures, BundleFigures];
    console.log(
      `as deployed vs before: ${(deployed.bytes / before.bytes).toFixed(2)}× the bytes, ${(deployed.initMs / before.initMs).toFixed(2)}× the own init time` +
        `  ·  goals: < ${kib(TARGET_BYTES)} ${deployed.bytes < TARGET_BYTES ? 'met' : 'NOT met'}, init < ${TARGET_INIT_MS} ms ${deployed.initMs < TARGET_INIT_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
