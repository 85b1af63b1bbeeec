/**
 * What becomes of the request's own fields — who you are, your device, the identifiers you send
 * to be scrubbed, the agent — for the preview's "who you are" part. Counts only, never values.
 */

import { AGENT_POLICY, ENVELOPE_POLICY } from '../ingest/policy.ts';
import type { PseudonymWindowKind } from '../ingest/ports.ts';
import { IDENTITY_HINT_KINDS, type IdentityHints } from '../schema/request.ts';
import type { StoredRow } from '../schema/types.ts';
import type { FieldFate } from './field-fates.ts';
import { YOU } from './placeholder-pseudonyms.ts';

const HINT_WORDS: Record<(typeof IDENTITY_HINT_KINDS)[number], string> = {
  usernames: 'user name',
  emails: 'e-mail address',
  names: 'name',
};

export function requestFates(
  identity: { readonly deviceId?: string; readonly identityHints?: IdentityHints; readonly agent?: unknown },
  row: StoredRow | undefined,
  window: PseudonymWindowKind,
): FieldFate[] {
  const fates: FieldFate[] = [
    {
      field: 'employee_id',
      fate: 'pseudonymized',
      column: ENVELOPE_POLICY.employee_id.to,
      note: `never stored: replaced by ${YOU}, a code that changes every ${window} and that no person can compute; also removed from kept text`,
    },
  ];
  if (identity.deviceId !== undefined) {
    fates.push({ field: 'device_id', fate: 'dropped', note: 'never stored; removed from kept text' });
  }
  const hints = identity.identityHints;
  if (hints !== undefined) {
    const counted = IDENTITY_HINT_KINDS.map((k) => [k, hints[k]?.length ?? 0] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${HINT_WORDS[k]}${n === 1 ? '' : 's'}`);
    fates.push({
      field: 'identity_hints',
      fate: 'used',
      note: `never stored; removed from kept text${counted.length > 0 ? ` (${counted.join(', ')})` : ''}`,
    });
  }
  if (identity.agent === undefined) {
    fates.push({
      field: 'agent',
      fate: 'used',
      note: 'not known here: the sending agent adds its name/version and OS family',
    });
    return fates;
  }
  const agentColumn = (column: 'agent_version' | 'os', field: string): FieldFate =>
    row === undefined || row[column] !== null
      ? { field, fate: 'kept', column, note: 'kept: a short name' }
      : { field, fate: 'dropped', note: 'not stored: it does not look like a short name, or names someone' };
  fates.push(
    agentColumn(AGENT_POLICY.name.to, 'agent.name/version'),
    agentColumn(AGENT_POLICY.os.to, 'agent.os'),
  );
  return fates;
}
