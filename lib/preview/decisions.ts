/**
 * The content policy's decisions for one event type, common fields first, as one list: what the
 * preview reads to say what became of a field, and the notice to say it in plain language.
 */
import { COMMON_POLICY, CONTENT_POLICY } from '../ingest/policy.ts';
import type { ColumnName } from '../schema/columns.ts';
import type { EventType } from '../schema/request.ts';

/** Any decision of COMMON_POLICY or CONTENT_POLICY. */
export type FieldDecision =
  | { readonly do: 'drop' }
  | { readonly do: 'structural' | 'keep' | 'label' | 'path' | 'domain' | 'scrub'; readonly to: ColumnName }
  | { readonly do: 'pseudonym'; readonly to: ColumnName }
  | { readonly do: 'count'; readonly key: string }
  | { readonly do: 'outcome'; readonly to: 'outcome'; readonly yes: string; readonly no: string };

/** `[field, decision]` for every field an event of `type` may carry, in the policy's order. */
export function decisionsOf(type: EventType): [string, FieldDecision][] {
  return [
    ...(Object.entries(COMMON_POLICY) as [string, FieldDecision][]),
    ...(Object.entries(CONTENT_POLICY[type]) as [string, FieldDecision][]),
  ];
}

/** Where a decision stores its field: a column, `counts.<key>`, or nothing. */
export function storedAs(decision: FieldDecision): string | undefined {
  if (decision.do === 'drop') return undefined;
  if (decision.do === 'count') return `counts.${decision.key}`;
  return decision.to;
}
