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

type Batch = { events: readonly object[]; identity_hints?: Parameters<typeof prepareHints>[0] };

function scrubBatch(batch: Batch, scrub: (t: string, h: PreparedHints) => unknown): number {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number): number {
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
    `\nadversarial linear-growth check (ms per input; µs/KiB at 1 MiB; growth = t(1 MiB) / t(64 KiB), linear ≈ 16)`,
  );
  console.log(
    `${'input'.padEnd(18)} ${sizes.map((s) => `${s / KiB}K`.padStart(8)).join('')}   µs/KiB  growth`,
  );
  let worst = 0;
  for (const [name, gen] of ADVERSARIAL) {
    const ms = sizes.map((s) => {
      const text = gen(s);
      return time(() => scrubber.scrub(text, hints), 3);
    });
    const growth = ms[4]! / Math.max(ms[0]!, 0.01);
    worst = Math.max(worst, growth);
    console.log(
      `${name.padEnd(18)} ${ms.map((m) => m.toFixed(1).padStart(8)).join('')}   ${((ms[4]! * 1000) / 1024).toFixed(1).padStart(6)}  ${growth.toFixed(1).padStart(6)}`,
    );
  }
  console.log(`worst growth 64 KiB → 1 MiB: ${worst.toFixed(1)}× (16× = linear)`);
}

export async function run(): Promise<void> {
  batchBench('synthetic traffic batch (lib/synthetic realisticBatch)', realisticBatch(7) as unknown as Batch);
  batchBench('text-heavy batch (bench/fixtures/scrub-batch.ts)', scrubBenchBatch(500));
  adversarialBench();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
