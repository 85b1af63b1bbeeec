/**
 * The demo's people directory, made the way an operator makes one: the simulated company's
 * people file (`people.csv`) → `directory.bin` (what `npm run directory -- build` writes) → loaded
 * like `npm start -- --directory directory.bin`. Kept outside the server's data folder: the people
 * file is personal data, and the leak check reads every byte of the data folder.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Directory,
  type DirectoryWithArtifact,
  formatPeopleCsv,
  loadDirectoryFile,
  parsePeopleCsv,
} from '../../lib/directory/index.ts';
import { companyRoster } from '../../lib/synthetic/index.ts';

export interface DemoDirectory {
  readonly peopleFile: string;
  readonly artifactFile: string;
  readonly directory: DirectoryWithArtifact;
}

export async function makeDemoDirectory(seed: number | string, folder: string): Promise<DemoDirectory> {
  const peopleFile = join(folder, 'people.csv');
  const artifactFile = join(folder, 'directory.bin');
  const csv = formatPeopleCsv(companyRoster(seed));
  await writeFile(peopleFile, csv, { mode: 0o600 });
  await writeFile(artifactFile, Directory.build(parsePeopleCsv(csv)).artifact, { mode: 0o600 });
  return { peopleFile, artifactFile, directory: await loadDirectoryFile(artifactFile) };
}
