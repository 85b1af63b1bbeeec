/**
 * Finds the rows of a batch the SQL engine refuses, without giving up the others: rows that
 * break the stored-row schema are set aside at once; the rest are staged in chunks, and a
 * refused chunk is split in two until the refused rows stand alone (a bisection: about
 * 2·log₂(n) engine passes per bad row). Everything staged is then written in one pass.
 */
import { rm, writeFile } from 'node:fs/promises';
import { createDraft04Ajv } from '../lib/schema/draft04-ajv.ts';
import { storedRowJsonSchema } from '../lib/schema/index.ts';
import { isRowRefusal, summarize } from './conversion-error.ts';
import type { ParquetWriter } from './parquet-writer.ts';

export interface RefusedRow {
  /** The raw NDJSON line, for errors/ only (never logged). */
  readonly line: string;
  readonly errorCode: 'SchemaMismatch' | 'ConversionFailed';
  /** The engine's class of error, e.g. "Invalid Input Error" (safe to log). */
  readonly errorClass: string;
  /** The engine's message (for errors/ only: it can quote the row). */
  readonly errorMessage: string;
}

let validRow: ReturnType<ReturnType<typeof createDraft04Ajv>['compile']> | undefined;

function matchesSchema(line: string): boolean {
  validRow ??= createDraft04Ajv().compile(storedRowJsonSchema());
  try {
    return validRow(JSON.parse(line)) === true;
  } catch {
    return false;
  }
}

/** Stages every row the engine accepts (see ParquetWriter.beginStaging) and returns the others. */
export async function stageAroundRefusals(
  writer: ParquetWriter,
  lines: readonly string[],
  chunkPath: string,
): Promise<RefusedRow[]> {
  const refused: RefusedRow[] = [];
  const candidates: string[] = [];
  for (const line of lines) {
    if (matchesSchema(line)) candidates.push(line);
    else
      refused.push({
        line,
        errorCode: 'SchemaMismatch',
        errorClass: 'SchemaMismatch',
        errorMessage: 'does not match the stored-row schema (lib/schema)',
      });
  }
  const bisect = async (chunk: readonly string[]): Promise<void> => {
    if (chunk.length === 0) return;
    await writeFile(chunkPath, `${chunk.join('\n')}\n`, { mode: 0o600 });
    try {
      await writer.stage(chunkPath);
      return;
    } catch (err) {
      if (!isRowRefusal(err)) throw err; // disk, engine: not these rows' fault
      if (chunk.length === 1) {
        refused.push({
          line: chunk[0]!,
          errorCode: 'ConversionFailed',
          errorClass: summarize(err).class,
          errorMessage: err instanceof Error ? err.message : 'conversion failed',
        });
        return;
      }
    }
    const mid = Math.ceil(chunk.length / 2);
    await bisect(chunk.slice(0, mid));
    await bisect(chunk.slice(mid));
  };
  try {
    await bisect(candidates);
  } finally {
    await rm(chunkPath, { force: true });
  }
  return refused;
}
