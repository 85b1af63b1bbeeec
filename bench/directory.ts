/**
 * People-directory benchmark (not a test). `npx tsx bench/directory.ts`, or via `npm run bench`.
 * (a) The realistic 500-event batch scrubbed with no directory and with a 50,000-person directory,
 *     side by side with its JSON round trip: events/s on one core and the ratio (targets: ≥ 60,000
 *     events/s/core and ≤ 8× the round trip, with the directory). (b) The directory pass alone on
 *     name-dense text from 64 KiB to 1 MiB: its cost must grow linearly.
 */
import { pathToFileURL } from 'node:url';
import { Directory, type Person } from '../lib/directory/index.ts';
import { realisticBatch } from '../lib/synthetic/index.ts';
import { coreScrubStep, exponent, minTime, time } from './scrub.ts';

const PEOPLE = 50_000;
const KiB = 1024;

/** Deterministic distinct people: names from syllables, user names, e-mails and ids like a real export. */
function people(n: number): Person[] {
  const syl = [
    'ka',
    'lo',
    'mi',
    'zu',
    'ren',
    'ta',
    'vel',
    'qui',
    'dor',
    'sa',
    'nix',
    'bre',
    'an',
    'to',
    'li',
    'mar',
  ];
  const word = (i: number, parts: number) => {
    let s = '';
    for (let k = 0; k < parts; k++) {
      s += syl[i % syl.length];
      i = Math.floor(i / syl.length);
    }
    return s.charAt(0).toUpperCase() + s.slice(1);
  };
  return Array.from({ length: n }, (_, i) => {
    const first = word(i * 7919, 2);
    const last = word(i, 4);
    const user = `${first[0]!.toLowerCase()}${last.toLowerCase()}`;
    return {
      employeeId: `E${String(100000 + i)}`,
      name: `${first} ${last}`,
      usernames: [user],
      emails: [`${first.toLowerCase()}.${last.toLowerCase()}@example.com`],
    };
  });
}

function batchBench(directory: Directory): void {
  const envelope = realisticBatch(7);
  const latest = Math.max(...envelope.events.map((e) => Date.parse(e.occurred_at)));
  const receivedAt = new Date(latest + 60_000);
  // Exactly the ingest core's scrub step (bench/scrub.ts), without and with the directory.
  const without = coreScrubStep(envelope, receivedAt);
  const withDirectory = coreScrubStep(envelope, receivedAt, directory);
  const json = JSON.stringify(envelope);
  const events = envelope.events.length;
  // Interleaved, so all three see the same machine state; CPU time, the steadier figure here.
  const rounds = 5;
  const a: number[] = [];
  const b: number[] = [];
  const j: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(time(without.run, 7).cpu);
    b.push(time(withDirectory.run, 7).cpu);
    j.push(time(() => JSON.stringify(JSON.parse(json)), 7).cpu);
  }
  const best = (xs: number[]) => Math.min(...xs);
  const [ams, bms, jms] = [best(a), best(b), best(j)];
  const rate = (ms: number) => Math.round((events / ms) * 1000).toLocaleString('en');
  console.log(
    `realistic batch (lib/synthetic realisticBatch), ${events} events, ${(json.length / KiB).toFixed(0)} KiB JSON; the core's scrub step; best of ${rounds} interleaved medians of CPU time\n` +
      `  scrub, no directory:          ${ams.toFixed(2)} ms → ${rate(ams)} events/CPU-s, ${(ams / jms).toFixed(2)}× the JSON round trip\n` +
      `  scrub, ${PEOPLE.toLocaleString('en')}-person directory: ${bms.toFixed(2)} ms → ${rate(bms)} events/CPU-s, ${(bms / jms).toFixed(2)}× the JSON round trip\n` +
      `  JSON.parse+stringify:         ${jms.toFixed(2)} ms\n` +
      `  the directory adds ${(((bms - ams) / ams) * 100).toFixed(0)} % to the scrub  (target with the directory: ≥ 60,000 events/s/core and ≤ 8×)`,
  );
}

function growthBench(directory: Directory, roster: readonly Person[]): void {
  // Name-dense developer text: every line names someone, by name, user name or id, or nearly.
  const lines = roster
    .slice(0, 200)
    .flatMap((p, i) => [
      `+ // owner: ${p.name} <${p.emails[0]}> (${p.usernames[0]}), ticket ${p.employeeId}\n`,
      `+ const total_${i} = items.reduce((a, b) => a + b.price, 0); // Mark the Price as final\n`,
    ]);
  const unit = lines.join('');
  const sizes = [64, 128, 256, 512, 1024].map((k) => k * KiB);
  const ms = sizes.map((s) => {
    const text = unit.repeat(Math.ceil(s / unit.length)).slice(0, s);
    let spans = 0;
    const t = minTime(() => {
      spans = 0;
      directory.findSpans(text, () => spans++);
    }, 5);
    if (spans === 0) throw new Error('bench: the directory found nothing');
    return t;
  });
  const growth = ms[4]! / ms[0]!;
  console.log(
    `\ndirectory pass alone, name-dense text (ms, least of 5+ runs; growth = t(1 MiB) / t(64 KiB), linear ≈ 16; exp = fitted scaling exponent, linear ≈ 1)\n` +
      `  ${sizes.map((s) => `${s / KiB}K`.padStart(8)).join('')}   µs/KiB  growth    exp\n` +
      `  ${ms.map((m) => m.toFixed(1).padStart(8)).join('')}   ${((ms[4]! * 1000) / 1024).toFixed(1).padStart(6)}  ${growth.toFixed(1).padStart(6)}  ${exponent(sizes, ms).toFixed(2).padStart(5)}`,
  );
}

export async function run(): Promise<void> {
  const roster = people(PEOPLE);
  const t0 = performance.now();
  const directory = Directory.build(roster);
  const built = performance.now() - t0;
  const t1 = performance.now();
  Directory.fromArtifact(directory.artifact);
  const loaded = performance.now() - t1;
  const s = directory.stats();
  console.log(
    `${PEOPLE.toLocaleString('en')}-person directory: ${s.entries.toLocaleString('en')} keyed entries, ${(s.bytes / 1024 / 1024).toFixed(1)} MiB artifact; built in ${built.toFixed(0)} ms, loaded (decode + checksum) in ${loaded.toFixed(0)} ms`,
  );
  batchBench(directory);
  growthBench(directory, roster);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
