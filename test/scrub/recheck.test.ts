/**
 * Every regex of the scrubber passes recheck (no catastrophic backtracking), including the
 * identity-hint patterns built from sample and hostile hints. Slow: one recheck run per pattern.
 */
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { hintPatterns, prepareHints, registeredPatterns } from '../../lib/ingest/scrub/index.ts';

interface Target {
  id: string;
  source: string;
  flags: string;
}

const targets: Target[] = registeredPatterns().map((p) => ({
  id: p.id,
  source: p.regex.source,
  // `d` (match indices) does not change matching; recheck does not need it.
  flags: p.regex.flags.replace('d', ''),
}));

const hintSamples = [
  {
    usernames: ['jsmith', 'j.smith-2'],
    emails: ['john.smith@acme.io'],
    names: ['John Smith', 'Zoë Ünal-Çelik'],
  },
  { usernames: ['a+b', '(((', '.*.*.*'], emails: ['x.y+z@q.io'], names: ['Jean-Luc de la Vega Ruiz Alba'] },
];
hintSamples.forEach((h, i) => {
  hintPatterns(prepareHints(h)).forEach((r, j) => {
    targets.push({ id: `hints.sample${i}.${j}`, source: r.source, flags: r.flags });
  });
});

describe('recheck', () => {
  it('covers every registered pattern', () => {
    expect(targets.length).toBeGreaterThanOrEqual(40);
  });

  it('every pattern is safe', async () => {
    const results: { id: string; status: string; detail: string }[] = [];
    // Two at a time: recheck is CPU-bound and the machine is shared.
    const queue = [...targets];
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        // Step limits only: recheck's time limits (attack, incubation, seeding) made its verdict depend
        // on machine load (a busy machine read as a slow regex); with its fixed default seed the
        // check is then reproducible.
        const d = await check(t.source, t.flags, {
          timeout: 300_000,
          attackTimeout: null,
          incubationTimeout: null,
          seedingTimeout: null,
        });
        results.push({
          id: t.id,
          status: d.status,
          detail:
            d.status === 'vulnerable'
              ? `${d.complexity.summary} ${d.attack.pattern}`
              : d.status === 'unknown'
                ? String(d.error.kind)
                : '',
        });
      }
    };
    await Promise.all([worker(), worker()]);
    results.sort((a, b) => a.id.localeCompare(b.id));
    console.log(results.map((r) => `${r.status.padEnd(10)} ${r.id} ${r.detail}`).join('\n'));
    expect(results.filter((r) => r.status !== 'safe')).toEqual([]);
  }, 900_000);
});
