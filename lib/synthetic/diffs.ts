/** Unified diffs of 1–4 KB made of language-appropriate hunks, with exact hunk line counts. */
import { snippet } from './code.ts';
import type { Language, SimProject } from './employees.ts';
import type { Rng } from './prng.ts';
import { NOUNS } from './words.ts';

/** A plausible path inside the project, relative to its root, with `/` separators. */
export function relativePath(rng: Rng, project: SimProject): string {
  const noun = rng.pick(NOUNS);
  const pkg = project.name.replace(/-/g, '_');
  switch (project.language) {
    case 'typescript':
      return rng.pick([
        `src/${noun}s/${noun}.service.ts`,
        `src/${noun}s/${noun}.repository.ts`,
        `src/routes/${noun}s.ts`,
        `test/${noun}s.test.ts`,
        `src/components/${noun[0]!.toUpperCase()}${noun.slice(1)}Table.tsx`,
      ]);
    case 'python':
      return rng.pick([`${pkg}/${noun}s.py`, `${pkg}/models/${noun}.py`, `tests/test_${noun}s.py`]);
    case 'go':
      return rng.pick([
        `internal/${noun}/${noun}.go`,
        `internal/${noun}/${noun}_test.go`,
        'cmd/server/main.go',
      ]);
    case 'sql':
      return rng.pick([
        `models/marts/fct_${noun}s.sql`,
        `models/staging/stg_${noun}s.sql`,
        `migrations/20${rng.int(23, 25)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}_add_${noun}.sql`,
      ]);
    case 'yaml':
      return rng.pick([
        `k8s/${noun}-service/deployment.yaml`,
        '.github/workflows/ci.yml',
        'docker-compose.yml',
        `helm/${noun}/values.yaml`,
      ]);
  }
}

export interface GeneratedDiff {
  readonly diff: string;
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

/**
 * A diff of `relPath` around `targetBytes` long (clamped to 1–4 KB). `plantedLines`, when
 * given, are added inside one hunk.
 */
export function makeDiff(
  rng: Rng,
  language: Language,
  relPath: string,
  targetBytes: number,
  plantedLines: readonly string[] = [],
): GeneratedDiff {
  const target = Math.max(1024, Math.min(4096, Math.round(targetBytes)));
  const header = [
    `diff --git a/${relPath} b/${relPath}`,
    `index ${rng.hex(7)}..${rng.hex(7)} 100644`,
    `--- a/${relPath}`,
    `+++ b/${relPath}`,
  ];
  const out = [...header];
  let bytes = header.join('\n').length;
  let oldLine = rng.int(1, 40);
  let newLine = oldLine;
  let added = 0;
  let removed = 0;
  let plantHunk = plantedLines.length > 0;
  // Hunks until the target size; the last hunk may overshoot, so stop at 4 KB hard.
  while (bytes < target) {
    const before = snippet(rng, language).slice(-3);
    const after = snippet(rng, language).slice(0, 3);
    const oldBody = rng.chance(0.7) ? snippet(rng, language).slice(0, rng.int(1, 6)) : [];
    const newBody = snippet(rng, language);
    if (plantHunk) {
      newBody.splice(rng.int(0, newBody.length), 0, ...plantedLines);
      plantHunk = false;
    }
    const oldCount = before.length + oldBody.length + after.length;
    const newCount = before.length + newBody.length + after.length;
    const hunk = [
      `@@ -${oldLine},${oldCount} +${newLine},${newCount} @@`,
      ...before.map((l) => ` ${l}`),
      ...oldBody.map((l) => `-${l}`),
      ...newBody.map((l) => `+${l}`),
      ...after.map((l) => ` ${l}`),
    ];
    const hunkBytes = hunk.join('\n').length + 1;
    // The planted lines go into the first hunk, which is always kept.
    if (bytes + hunkBytes > 4096 && out.length > header.length) break;
    out.push(...hunk);
    bytes += hunkBytes;
    added += newBody.length;
    removed += oldBody.length;
    const gap = rng.int(8, 60);
    oldLine += oldCount + gap;
    newLine += newCount + gap;
  }
  return { diff: `${out.join('\n')}\n`, linesAdded: added, linesRemoved: removed };
}
