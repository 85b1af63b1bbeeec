/**
 * Beside the hints: every person of the organisation's people directory. Their names (written
 * with capitals, in either order), user names, e-mail local parts and employee ids become
 * `<IDENTITY>`, like the sender's own. Linear: the directory tokenizes the text once.
 */
import type { Directory } from '../../directory/directory.ts';
import type { Emit } from './types.ts';

export function findDirectory(
  text: string,
  _lower: () => string,
  directory: Directory | undefined,
  emit: Emit,
): void {
  if (directory === undefined) return;
  directory.findSpans(text, (start, end) => emit(start, end, 'IDENTITY'));
}
