/**
 * What became of each field an employee's event carried, read off the content policy's own tables
 * and the row the core built: kept, transformed, scrubbed, counted, pseudonymized or dropped.
 * Notes name fields, columns and rules — never a value the event carried.
 */
import type { Projection, StringColumn } from '../ingest/policy.ts';
import type { RequestEvent } from '../schema/request.ts';
import type { StoredRow } from '../schema/types.ts';
import { decisionsOf, type FieldDecision, storedAs } from './decisions.ts';

export type Fate = 'kept' | 'transformed' | 'scrubbed' | 'counted' | 'pseudonymized' | 'dropped' | 'used';

export interface FieldFate {
  readonly field: string;
  readonly fate: Fate;
  /** Where it is stored: a column, or `counts.<key>`; absent when nothing of it is stored. */
  readonly column?: string;
  /** Why, in words; never the value. */
  readonly note: string;
}

/** Why a field the policy drops is sent at all, where it has a use. */
const DROPPED_BECAUSE: Readonly<Record<string, string>> = {
  project_root: 'used only to make paths relative; never stored',
};

export const NOT_A_LABEL = 'not stored: it does not look like a short name';
export const NAMES_SOMEONE = 'not stored: it names someone or holds personal data (counted in placeholders)';

/** Fates of the event's fields, common ones first, then its type's, in the policy's order. */
export function fieldFates(event: RequestEvent, projection: Projection, row: StoredRow): FieldFate[] {
  const values = event as unknown as Record<string, unknown>;
  const fates: FieldFate[] = [];
  for (const [field, decision] of decisionsOf(event.type)) {
    if (values[field] === undefined) continue;
    fates.push(fateOf(field, decision, projection, row));
  }
  return fates;
}

function fateOf(field: string, d: FieldDecision, projection: Projection, row: StoredRow): FieldFate {
  const stored = row as unknown as Record<string, unknown>;
  switch (d.do) {
    case 'drop':
      return { field, fate: 'dropped', note: DROPPED_BECAUSE[field] ?? 'never stored' };
    case 'structural':
      return { field, fate: 'kept', column: d.to, note: 'kept: checked and normalised' };
    case 'pseudonym':
      return {
        field,
        fate: 'pseudonymized',
        column: d.to,
        note: 'replaced by a code that links the events of one session within one window, never across',
      };
    case 'keep':
      return { field, fate: 'kept', column: d.to, note: 'kept as sent (a number or a fixed word)' };
    case 'count':
      return { field, fate: 'counted', column: storedAs(d), note: 'kept as a number' };
    case 'outcome':
      return { field, fate: 'transformed', column: d.to, note: `stored as "${d.yes}" or "${d.no}"` };
    case 'label': {
      if (stored[d.to] !== null) return { field, fate: 'kept', column: d.to, note: 'kept: a short name' };
      const looked = projection.labels[d.to as StringColumn] !== undefined;
      return { field, fate: 'dropped', note: looked ? NAMES_SOMEONE : NOT_A_LABEL };
    }
    case 'path':
      return {
        field,
        fate: 'transformed',
        column: d.to,
        note: 'home folder replaced by ~, made relative to the project, then scrubbed',
      };
    case 'domain':
      if (projection.domain === null) {
        return {
          field,
          fate: 'dropped',
          note: 'not stored: no registrable domain (an address, localhost, a file)',
        };
      }
      if (row.domain === null) {
        return { field, fate: 'dropped', note: 'stored as NULL: it names someone or holds personal data' };
      }
      return {
        field,
        fate: 'transformed',
        column: d.to,
        note: 'only the registrable domain; never path or query',
      };
    case 'scrub':
      return {
        field,
        fate: 'scrubbed',
        column: d.to,
        note: row.content_truncated
          ? 'secrets and personal data replaced by placeholders; cut at the size limit'
          : 'secrets and personal data replaced by placeholders',
      };
  }
}
