/**
 * Scrubber benchmark (not a test). `npx tsx bench/scrub.ts`, or via `npm run bench`.
 * (a) A realistic 500-event batch scrubbed vs JSON.parse+JSON.stringify of the same batch, side by
 *     side: the synthetic-traffic batch (all event types) and a text-heavy batch where every event
 *     carries free text. (b) Adversarial inputs from 64 KiB to 1 MiB: time must grow linearly.
 */
import { pathToFileURL } from 'node:url';
import { createScrubber, type PreparedHints, prepareHints } from '../lib/ingest/scrub/index.ts';
import { realisticBatch } from '../lib/synthetic/index.ts';
import { scrubBenchBatch } from './fixtures/scrub-batch.ts';

/** Fields the content policy keeps as free text (others are ids, enums, numbers or dropped). */
const TEXT_FIELDS = new Set(['diff', 'command', 'cwd', 'diagnostics', 'path', 'project_root']);

export type Batch = { events: readonly object[]; identity_hints?: Parameters<typeof prepareHints>[0] };

export function scrubBatch(batch: Batch, scrub: (t: string, h: PreparedHints) => unknown): number {
  const hints = prepareHints(batch.identity_hints);
  let n = 0;
  for (const e of batch.events) {
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === 'string' && TEXT_FIELDS.has(k)) {
        scrub(v, hints);
        n++;
      }
    }
  }
  return n;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 10; i++) fn(); // warm-up: let the JIT optimize every detector path
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ts);
}

function batchBench(name: string, batch: Batch): void {
  const scrubber = createScrubber({ internalDomains: ['corp.example.com'] });
  const json = JSON.stringify(batch);
  const events = batch.events.length;
  let fields = 0;
  const scrubMs = time(() => {
    fields = scrubBatch(batch, (t, h) => scrubber.scrub(t, h));
  }, 15);
  const jsonMs = time(() => {
    JSON.stringify(JSON.parse(json));
  }, 15);
  const textKiB =
    batch.events.reduce(
      (n, e) =>
        n +
        Object.entries(e).reduce(
          (m, [k, v]) => m + (typeof v === 'string' && TEXT_FIELDS.has(k) ? v.length : 0),
          0,
        ),
      0,
    ) / 1024;
  console.log(
    `${name}: ${events} events, ${fields} text fields, ${textKiB.toFixed(0)} KiB text, ${(json.length / 1024).toFixed(0)} KiB JSON\n` +
      `  scrub:              ${scrubMs.toFixed(2)} ms  → ${Math.round((events / scrubMs) * 1000).toLocaleString('en')} events/s\n` +
      `  JSON.parse+stringify: ${jsonMs.toFixed(2)} ms  → ${Math.round((events / jsonMs) * 1000).toLocaleString('en')} events/s\n` +
      `  ratio scrub / JSON round trip: ${(scrubMs / jsonMs).toFixed(2)}×  (target ≥ 20,000 events/s and ≤ 10×)`,
  );
}

const KiB = 1024;
const fill = (unit: string, bytes: number): string =>
  unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
const ADVERSARIAL: ReadonlyArray<[string, (n: number) => string]> = [
  ['@ run', (n) => fill('@', n)],
  ['a…a. (dots)', (n) => fill('aaaaaaaa.', n)],
  ['a@b. chains', (n) => fill('a@b.', n)],
  ['BEGIN no END', (n) => fill('-----BEGIN RSA PRIVATE KEY-----\n', n)],
  [
    'BEGIN + base64',
    (n) => `-----BEGIN PRIVATE KEY-----\n${fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n', n)}`,
  ],
  ['digits', (n) => fill('4', n)],
  ['digit groups', (n) => fill('4111 ', n)],
  ['key= repeated', (n) => fill('key=', n)],
  ['password:" open', (n) => fill('password: "', n)],
  ['+1 repeated', (n) => fill('+1 ', n)],
  ['hex:colons', (n) => fill('a1:', n)],
  ['user@host ', (n) => fill('jsmith@devbox ', n)],
  ['/home/ paths', (n) => fill('/home/x', n)],
  ['eyJ run', (n) => `eyJ${fill('a', n)}`],
  ['AKIA run', (n) => fill('AKIA', n)],
  ['://user:', (n) => fill('://u:', n)],
  ['-u= / -p', (n) => fill('mysql -u=-p', n)],
  ['Authorization:', (n) => fill('Authorization: ', n)],
];

/** `global.gc` when Node runs with --expose-gc; collecting between sizes keeps one size's garbage out of the next one's time. */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Least time of at least `reps` runs (more for fast inputs, until ~250 ms were spent) after one
 * warm-up run: the minimum is the run least disturbed by other work on the machine, so growth
 * between sizes reflects the algorithm, not noise.
 */
export function minTime(fn: () => void, reps: number): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  let spent = 0;
  for (let i = 0; i < 50 && (i < reps || spent < 250); i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    spent += ms;
    best = Math.min(best, ms);
  }
  return best;
}

/**
 * Least-squares slope of log(time) over log(size): the scaling exponent (1 = linear, 2 =
 * quadratic). Fitted over all sizes, one disturbed size moves it far less than it moves the
 * end-to-end growth ratio, and a cost that is fixed per call does not hide a super-linear one.
 */
export function exponent(sizes: readonly number[], ms: readonly number[]): number {
  const xs = sizes.map(Math.log);
  const ys = ms.map((m) => Math.log(Math.max(m, 0.001)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

function adversarialBench(): void {
  const scrubber = createScrubber({
    maxBytes: Number.POSITIVE_INFINITY,
    internalDomains: ['corp.example.com'],
  });
  const hints = prepareHints({
    usernames: ['jsmith'],
    names: ['Jane Smith'],
    emails: ['jane@corp.example.com'],
  });
  const sizes = [64, 128, 256, 512, 1024].map((k) => k * KiB);
  console.log(
    `\nadversarial linear-growth check (ms per input: least of 5+ runs after a warm-up${collect ? ', GC between sizes' : ''}; µs/KiB at 1 MiB; growth = t(1 MiB) / t(64 KiB), linear ≈ 16; exp = fitted scaling exponent, linear ≈ 1)`,
  );
  console.log(
    `${'input'.padEnd(18)} ${sizes.map((s) => `${s / KiB}K`.padStart(8)).join('')}   µs/KiB  growth    exp`,
  );
  let worst = 0;
  let worstExp = 0;
  for (const [name, gen] of ADVERSARIAL) {
    // Warm the JIT on the smallest size first, so the first measured size is not also the first run.
    const warm = gen(sizes[0]!);
    for (let i = 0; i < 3; i++) scrubber.scrub(warm, hints);
    const ms = sizes.map((s) => {
      const text = gen(s);
      collect?.();
      return minTime(() => scrubber.scrub(text, hints), 5);
    });
    const growth = ms[4]! / Math.max(ms[0]!, 0.01);
    const exp = exponent(sizes, ms);
    worst = Math.max(worst, growth);
    worstExp = Math.max(worstExp, exp);
    console.log(
      `${name.padEnd(18)} ${ms.map((m) => m.toFixed(1).padStart(8)).join('')}   ${((ms[4]! * 1000) / 1024).toFixed(1).padStart(6)}  ${growth.toFixed(1).padStart(6)}  ${exp.toFixed(2).padStart(5)}`,
    );
  }
  console.log(
    `worst growth 64 KiB → 1 MiB: ${worst.toFixed(1)}× (16× = linear); worst scaling exponent ${worstExp.toFixed(2)} (1 = linear, 2 = quadratic)`,
  );
}

export async function run(): Promise<void> {
  batchBench('synthetic traffic batch (lib/synthetic realisticBatch)', realisticBatch(7) as unknown as Batch);
  batchBench('text-heavy batch (bench/fixtures/scrub-batch.ts)', scrubBenchBatch(500));
  adversarialBench();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
