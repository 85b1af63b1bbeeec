/**
 * The built directory holds keyed hashes only: no name, user name, e-mail or id in any encoding;
 * a fresh key per build; a damaged or foreign file is refused with a reason and no content.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeArtifact } from '../../lib/directory/artifact.ts';
import {
  Directory,
  DirectoryFormatError,
  loadDirectoryFile,
  PeopleFileError,
} from '../../lib/directory/index.ts';

const PEOPLE = [
  {
    employeeId: 'E000123',
    name: 'Zyxa Quorvin',
    usernames: ['zquorvin', 'zyxa.q'],
    emails: ['zyxa.quorvin@example.org'],
  },
  { employeeId: 'C-778', name: 'Bongani Okonkwo', usernames: ['bokonkwo'], emails: ['bo@okonkwo.example'] },
];
const SECRETS = [
  'Zyxa',
  'Quorvin',
  'zquorvin',
  'zyxa.q',
  'example.org',
  'E000123',
  '000123',
  'Bongani',
  'Okonkwo',
  'bokonkwo',
  'C-778',
];

describe('no plaintext in the artifact', () => {
  it('finds none of the identifiers as UTF-8 or UTF-16 bytes, in any case', () => {
    const bytes = Buffer.from(Directory.build(PEOPLE).artifact);
    for (const s of SECRETS) {
      for (const v of [s, s.toLowerCase(), s.toUpperCase()]) {
        expect(bytes.includes(Buffer.from(v, 'utf8')), v).toBe(false);
        expect(bytes.includes(Buffer.from(v, 'utf16le')), v).toBe(false);
      }
    }
  });

  it('uses a fresh key per build: two builds of the same people share no entry', () => {
    const a = Directory.build(PEOPLE).artifact;
    const b = Directory.build(PEOPLE).artifact;
    const entries = (x: Uint8Array) => {
      const { entries: e } = decodeArtifact(x);
      const set = new Set<string>();
      for (let i = 0; i < e.length; i += 2) set.add(`${e[i]}:${e[i + 1]}`);
      return set;
    };
    const ea = entries(a);
    expect([...entries(b)].filter((e) => ea.has(e))).toEqual([]);
    expect(ea.size).toBeGreaterThan(10);
  });

  it('round-trips: a decoded artifact matches what the built one matches', () => {
    const built = Directory.build(PEOPLE);
    const loaded = Directory.fromArtifact(built.artifact);
    const spans: string[] = [];
    loaded.findSpans('cc Zyxa Quorvin, E-000123', (s, e) => spans.push(`${s}-${e}`));
    expect(spans).toEqual(['3-15', '17-25']);
    expect(loaded.stats()).toEqual(built.stats());
    expect(loaded.stats().people).toBe(2);
  });
});

describe('decoding keeps no copy it does not need', () => {
  it('decodes the entries alike at any byte offset of the buffer', () => {
    const artifact = Directory.build(PEOPLE).artifact;
    const aligned = decodeArtifact(artifact);
    for (const shift of [1, 2, 3, 4]) {
      const buffer = new Uint8Array(artifact.length + shift);
      buffer.set(artifact, shift);
      const moved = decodeArtifact(buffer.subarray(shift));
      expect([...moved.entries]).toEqual([...aligned.entries]);
      expect([...moved.tokenFilter]).toEqual([...aligned.tokenFilter]);
      expect(Directory.fromArtifact(buffer.subarray(shift)).stats()).toEqual(
        Directory.fromArtifact(artifact).stats(),
      );
    }
  });

  it('keeps the artifact only on a built or kept directory; stats count its bytes either way', () => {
    const built = Directory.build(PEOPLE);
    const loaded = Directory.fromArtifact(built.artifact);
    expect('artifact' in loaded).toBe(false);
    expect(loaded.stats().bytes).toBe(built.artifact.byteLength);
    const kept = Directory.keepingArtifact(built.artifact);
    expect(kept.artifact).toBe(built.artifact);
    expect(kept.stats()).toEqual(built.stats());
  });
});

describe('refuses what is not an intact artifact', () => {
  const artifact = Directory.build(PEOPLE).artifact;
  const setByte = (at: number, value: (old: number) => number) => (b: Uint8Array) => {
    b[at] = value(b[at]!);
    return b;
  };
  it.each([
    ['a flipped entry bit', setByte(40, (v) => v ^ 1), 'checksum mismatch'],
    ['a flipped key bit', setByte(20, (v) => v ^ 1), 'checksum mismatch'],
    ['a truncated file', (b: Uint8Array) => b.subarray(0, b.length - 9), 'length does not match'],
    ['an inflated count', setByte(15, () => 0xff), 'too many entries'],
    ['a bad filter size', setByte(32, () => 40), 'bad token filter size'],
    ['another file', () => new TextEncoder().encode('PK\u0003\u0004 not a directory'), 'bad magic'],
  ])('%s', (_, damage, reason) => {
    expect(() => Directory.fromArtifact(damage(artifact.slice()))).toThrow(DirectoryFormatError);
    expect(() => Directory.fromArtifact(damage(artifact.slice()))).toThrow(reason);
  });
});

describe('loadDirectoryFile: a built artifact or a people CSV', () => {
  it('loads either, and refuses binary that is neither', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'directory-load-'));
    try {
      await writeFile(join(dir, 'd.bin'), Directory.build(PEOPLE).artifact);
      await writeFile(join(dir, 'p.csv'), 'employee_id,name,usernames,emails\nE1,Zyxa Quorvin,,\n');
      await writeFile(join(dir, 'x.bin'), new Uint8Array([0xff, 0xfe, 0x00, 0xc3]));
      expect((await loadDirectoryFile(join(dir, 'd.bin'))).people).toBe(2);
      expect((await loadDirectoryFile(join(dir, 'p.csv'))).people).toBe(1);
      await expect(loadDirectoryFile(join(dir, 'x.bin'))).rejects.toThrow(PeopleFileError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
