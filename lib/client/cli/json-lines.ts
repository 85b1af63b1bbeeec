/** Reading a JSONL file of events or envelopes, as `send` and `preview` do: line by line, bounded memory. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Calls `onValue` with each line's JSON value and its 1-based line number, in order (awaiting it),
 * skips blank lines and reports lines that are not JSON to `onNotJson`. Resolves with the number of lines.
 */
export async function forEachJsonLine(
  path: string,
  onValue: (value: unknown, line: number) => void | Promise<void>,
  onNotJson: (line: number) => void,
): Promise<number> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      onNotJson(n);
      continue;
    }
    await onValue(value, n);
  }
  return n;
}
