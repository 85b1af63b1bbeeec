/** The organisation's people directory: build from a people file, load, match. */
export { DirectoryFormatError, isArtifact } from './artifact.ts';
export { Directory, type DirectoryStats, type DirectoryWithArtifact } from './directory.ts';
export { loadDirectoryFile } from './load.ts';
export {
  formatPeopleCsv,
  PEOPLE_COLUMNS,
  PeopleFileError,
  type Person,
  parsePeopleCsv,
} from './people-csv.ts';
