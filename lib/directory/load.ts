import { readFile } from 'node:fs/promises';
import { isArtifact } from './artifact.ts';
import { Directory, type DirectoryWithArtifact } from './directory.ts';
import { PeopleFileError, parsePeopleCsv } from './people-csv.ts';

/**
 * A directory from a file: a built artifact (`npm run directory -- build`), or a people CSV that is
 * built in memory under a fresh key. Throws DirectoryFormatError or PeopleFileError (no values).
 */
export async function loadDirectoryFile(path: string): Promise<DirectoryWithArtifact> {
  const bytes = new Uint8Array(await readFile(path));
  if (isArtifact(bytes)) return Directory.keepingArtifact(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PeopleFileError(['file: neither a directory artifact nor UTF-8 text']);
  }
  return Directory.build(parsePeopleCsv(text));
}
