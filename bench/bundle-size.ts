/**
 * The deployed function's bundle and its cold start, built with esbuild as the CDK's NodejsFunction
 * does (lib/constructs/ingest-function.ts: minify, ESM, node24, mainFields module/main, the
 * require() banner, `@aws-sdk/*` external: the runtime's SDK, the data files of lib/bundled-data
 * copied beside index.mjs). Side by side in one run:
 * - as deployed: request validators generated at build time (lib/schema/validators), name lists
 *   and public suffixes read from data files;
 * - the data in code, as before: the name lists as string literals, tldts-icann's trie;
 * - the validators as before: Ajv compiling the same schemas when the module loads;
 * - the pinned AWS SDK bundled instead of the runtime's.
 * Module init is measured in fresh Node processes (each loads the bundle once, as a cold Lambda
 * container does), median of several. Run alone: `npx tsx bench/bundle-size.ts`.
 */

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLED_DATA_FILES, bundledDataSourceDir } from '../lib/bundled-data/files.ts';

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

/**
 * Puts the data back into code, as it was before the data files: the name lists as string literals
 * (given names as text, the family filter as base64) and tldts-icann with its trie for domains.
 */
const dataInCode: Plugin = {
  name: 'data-in-code',
  setup(b) {
    b.onResolve({ filter: /bundled-data\/read\.ts$/ }, () => ({ path: 'read', namespace: 'data-in-code' }));
    b.onResolve({ filter: /domains\/registrable-domain\.ts$/ }, () => ({
      path: 'domain',
      namespace: 'data-in-code',
    }));
    b.onLoad({ filter: /^read$/, namespace: 'data-in-code' }, () => {
      const given = gunzipSync(readFileSync(join(bundledDataSourceDir(), 'given-names.txt.gz'))).toString(
        'utf8',
      );
      const family = readFileSync(join(bundledDataSourceDir(), 'family-names.bloom')).toString('base64');
      return {
        resolveDir: ROOT,
        contents: `const GIVEN = ${JSON.stringify(given)}; const FAMILY = ${JSON.stringify(family)};
          export const readBundledLines = () => GIVEN.split('\\n');
          export const readBundledBytes = () => new Uint8Array(Buffer.from(FAMILY, 'base64'));`,
      };
    });
    b.onLoad({ filter: /^domain$/, namespace: 'data-in-code' }, () => ({
      resolveDir: ROOT,
      contents: `import { getDomain } from 'tldts-icann';
        export const getRegistrableDomain = (url) => getDomain(url, { allowPrivateDomains: false });`,
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
  /** The JavaScript the runtime parses and compiles. */
  readonly bytes: number;
  /** The data files beside it (none when the data is in code). */
  readonly dataBytes: number;
  /** Own module init, the AWS SDK already loaded. */
  readonly initMs: number;
  /** The whole cold import, runtime SDK included. */
  readonly coldMs: number;
}

/** The data files' bytes, as copied beside every variant (the deployed asset's layout). */
function copyDataFiles(dir: string): number {
  let bytes = 0;
  for (const name of BUNDLED_DATA_FILES) {
    copyFileSync(join(bundledDataSourceDir(), name), join(dir, name));
    bytes += statSync(join(dir, name)).size;
  }
  return bytes;
}

export async function run(): Promise<BundleFigures[]> {
  // Inside node_modules so the external variant resolves @aws-sdk/* when loaded.
  const dir = join(ROOT, 'node_modules', '.cache', `ingest-bundle-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const figures: BundleFigures[] = [];
  try {
    const dataBytes = copyDataFiles(dir);
    const dataGzip = BUNDLED_DATA_FILES.reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(dir, name))).length,
      0,
    );
    const runtimeSdk = ['@aws-sdk/*', '@smithy/*'];
    const variants = [
      {
        label: 'as deployed: data files, generated validators',
        external: runtimeSdk,
        plugins: [],
        data: true,
      },
      {
        label: 'before: data in code (name lists, PSL trie)',
        external: runtimeSdk,
        plugins: [dataInCode],
        data: false,
      },
      { label: 'before: Ajv compiles at load', external: runtimeSdk, plugins: [compileAtLoad], data: true },
      { label: 'as deployed, SDK bundled', external: [], plugins: [], data: true },
    ];
    for (const [i, v] of variants.entries()) {
      const outfile = join(dir, `variant-${i}.mjs`);
      const meta = await bundle(outfile, v.external, v.plugins);
      const size = statSync(outfile).size;
      const gz = gzipSync(readFileSync(outfile)).length + (v.data ? dataGzip : 0);
      const init = initMs(outfile);
      const data = v.data ? dataBytes : 0;
      figures.push({ label: v.label, bytes: size, dataBytes: data, initMs: init.ownMs, coldMs: init.coldMs });
      console.log(
        `${v.label.padEnd(46)} code ${kib(size).padStart(10)} + data files ${kib(data).padStart(9)} (all gzipped ${kib(gz)})` +
          `  own init ${init.ownMs.toFixed(1).padStart(6)} ms  cold import ${init.coldMs.toFixed(1).padStart(6)} ms  loads as ESM with a handler: ${init.exportsHandler}`,
      );
      for (const [pkg, bytes] of byPackage(meta).slice(0, 6))
        console.log(`    ${pkg.padEnd(44)} ${kib(bytes).padStart(10)}`);
    }
    const [deployed, dataBefore, ajvBefore] = figures as [BundleFigures, BundleFigures, BundleFigures];
    const ratio = (a: BundleFigures, b: BundleFigures) =>
      `${(a.bytes / b.bytes).toFixed(2)}× the code, ${(a.initMs / b.initMs).toFixed(2)}× the own init time`;
    console.log(`as deployed vs data in code: ${ratio(deployed, dataBefore)}`);
    console.log(`as deployed vs Ajv compiling at load: ${ratio(deployed, ajvBefore)}`);
    console.log(
      `goals: code < ${kib(TARGET_BYTES)} ${deployed.bytes < TARGET_BYTES ? 'met' : 'NOT met'} (${kib(deployed.bytes)}; with the data files ${kib(deployed.bytes + deployed.dataBytes)}),` +
        ` own init < ${TARGET_INIT_MS} ms ${deployed.initMs < TARGET_INIT_MS ? 'met' : 'NOT met'} (${deployed.initMs.toFixed(1)} ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
