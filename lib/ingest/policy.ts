/**
 * Step 2: the content policy. ONE table decides, per event type and per request field, what may
 * reach storage. Its type is derived from the request schema, so a field added there without a
 * decision here does not compile, and every target must be a stored column of a fitting type.
 * Fields not in the table (unknown fields) are never read, so they never pass.
 */
import type { ColumnName, EVENT_COLUMNS } from '../schema/columns.ts';
import type {
  AGENT_FIELDS,
  COMMON_EVENT_FIELDS,
  ENVELOPE_FIELDS,
  EVENT_TYPES,
  EventType,
  RequestEvent,
} from '../schema/request.ts';
import { homeUserName, label, registrableDomain, storablePath } from './transform.ts';

type Col = (typeof EVENT_COLUMNS)[number];
type ColumnOf<T extends Col['type']> = Extract<Col, { type: T }>['name'];
export type StringColumn = ColumnOf<'string'>;
type IntegerColumn = ColumnOf<'bigint' | 'int'>;

/** Drop: never stored. */
type Drop = { readonly do: 'drop' };
/** Keep as is: only for values that cannot carry text (numbers, booleans, enums). */
type Keep<C extends ColumnName> = { readonly do: 'keep'; readonly to: C };
/** A short name (app, tool, language): kept only when it looks like one, and scrubbed. */
type Label = { readonly do: 'label'; readonly to: StringColumn };
/** A path: home directory removed, relative to project_root when that is a prefix, then scrubbed. */
type Path = { readonly do: 'path'; readonly to: 'path' };
/** A URL: only its registrable domain, then scrubbed. */
type Domain = { readonly do: 'domain'; readonly to: 'domain' };
/** Free text: scrubbed and truncated, stored as `content` with its redaction counts. */
type Scrub = { readonly do: 'scrub'; readonly to: 'content' };
/** A number stored under a key of the `counts` map. */
type Count = { readonly do: 'count'; readonly key: string };
/** A boolean stored as one of two words in `outcome`. */
type Outcome = { readonly do: 'outcome'; readonly to: 'outcome'; readonly yes: string; readonly no: string };

/** What may be decided for a field, by its kind: free-form strings can never be kept unscrubbed. */
export type Decision<F> =
  | Drop
  | (F extends { kind: 'integer' }
      ? Keep<IntegerColumn> | Count
      : F extends { kind: 'boolean' }
        ? Keep<ColumnOf<'boolean'>> | Outcome
        :
            | (F extends { enum: readonly string[] } ? Keep<StringColumn> : never)
            | Label
            | Path
            | Domain
            | Scrub);

type FieldsOf<T extends EventType> = (typeof EVENT_TYPES)[T]['fields'];
/** Every field of every type must have a decision: the compiler checks completeness. */
export type PolicyTable = {
  readonly [T in EventType]: { readonly [K in keyof FieldsOf<T>]: Decision<FieldsOf<T>[K]> };
};

export const drop = { do: 'drop' } as const;
const keep = <C extends ColumnName>(to: C) => ({ do: 'keep', to }) as const;
const labelOf = <C extends StringColumn>(to: C) => ({ do: 'label', to }) as const;
const path = { do: 'path', to: 'path' } as const;
const domain = { do: 'domain', to: 'domain' } as const;
const scrub = { do: 'scrub', to: 'content' } as const;
const count = (key: string) => ({ do: 'count', key }) as const;
const outcome = (yes: string, no: string) => ({ do: 'outcome', to: 'outcome', yes, no }) as const;

// biome-ignore format: the table is read as a table
export const CONTENT_POLICY = {
  file_edit:        { path, language: labelOf('language'), diff: scrub, lines_added: count('lines_added'), lines_removed: count('lines_removed') },
  terminal_command: { command: scrub, cwd: path, shell: labelOf('tool'), exit_code: keep('exit_code'), duration_ms: keep('duration_ms') },
  test_run:         { framework: labelOf('tool'), passed: count('passed'), failed: count('failed'), skipped: count('skipped'), duration_ms: keep('duration_ms') },
  build:            { tool: labelOf('tool'), success: outcome('success', 'failure'), duration_ms: keep('duration_ms'), diagnostics: scrub, error_count: count('errors'), warning_count: count('warnings') },
  navigation:       { url: domain, duration_ms: keep('duration_ms') },
  window_focus:     { title: drop, duration_ms: keep('duration_ms') },
  keystroke_stats:  { keys: count('keys'), deletions: count('deletions'), pastes: count('pastes'), duration_ms: keep('duration_ms') },
  clipboard:        { action: drop, length: count('length') },
  ai_assist:        { tool: labelOf('tool'), outcome: keep('outcome'), language: labelOf('language'), suggestion_length: count('suggestion_length'), accepted_length: count('accepted_length'), latency_ms: count('latency_ms') },
} as const satisfies PolicyTable;

/** Fields every event carries. The structural ones are checked by validation and stored normalized. */
// biome-ignore format: the table is read as a table
export const COMMON_POLICY = {
  event_id:     { do: 'structural', to: 'event_id' },    // validated UUID, lower-cased
  occurred_at:  { do: 'structural', to: 'occurred_at' }, // validated instant, stored in UTC with milliseconds
  type:         { do: 'structural', to: 'event_type' },  // a known event type
  session_id:   { do: 'pseudonym', to: 'session' },
  app:          labelOf('app'),
  project_root: drop,                                    // only used to make paths relative
} as const satisfies { readonly [K in keyof typeof COMMON_EVENT_FIELDS]: unknown };

/** The envelope and agent fields: pseudonymized, reduced to labels, or used only as scrub hints. */
// biome-ignore format: the table is read as a table
export const ENVELOPE_POLICY = {
  employee_id: { do: 'pseudonym', to: 'contributor' }, // also a scrub hint; never stored
  device_id:   drop,                                   // only a scrub hint; never stored
} as const satisfies { readonly [K in keyof typeof ENVELOPE_FIELDS]: unknown };

// biome-ignore format: the table is read as a table
export const AGENT_POLICY = {
  name:    labelOf('agent_version'), // stored as name/version
  version: labelOf('agent_version'),
  os:      labelOf('os'),
} as const satisfies { readonly [K in keyof typeof AGENT_FIELDS]: Label };

/** What the policy lets through of one event, before pseudonymization and scrubbing. */
export interface Projection {
  readonly eventType: EventType;
  /** Numbers, booleans and enum words, final. */
  readonly kept: Partial<Record<ColumnName, string | number | boolean>>;
  /** Numeric facts for the `counts` map; null when the type has none. */
  readonly counts: Record<string, number> | null;
  /** Short names that still pass the scrubber; dropped when they do not look like a name. */
  readonly labels: Partial<Record<StringColumn, string>>;
  /** Transformed path, still to be scrubbed. */
  readonly path: string | null;
  /** Registrable domain, still to be scrubbed. */
  readonly domain: string | null;
  /** Free text, still to be scrubbed. */
  readonly content: string | null;
}

type AnyDecision = Drop | Keep<ColumnName> | Label | Path | Domain | Scrub | Count | Outcome;

/** Applies the table to one validated event; reads only the fields the table names. */
export function applyPolicy(event: RequestEvent): Projection {
  const table = CONTENT_POLICY[event.type] as Record<string, AnyDecision>;
  const values = event as unknown as Record<string, unknown>;
  const kept: Projection['kept'] = {};
  const labels: Projection['labels'] = {};
  let counts: Record<string, number> | null = null;
  let path: string | null = null;
  let domain: string | null = null;
  let content: string | null = null;

  const app = event.app === undefined ? null : label(event.app);
  if (app !== null) labels[COMMON_POLICY.app.to] = app;

  for (const field in table) {
    const decision = table[field] as AnyDecision;
    const value = values[field];
    if (value === undefined || decision.do === 'drop') continue;
    switch (decision.do) {
      case 'keep':
        kept[decision.to] = value as string | number | boolean;
        break;
      case 'count':
        counts ??= {};
        counts[decision.key] = value as number;
        break;
      case 'outcome':
        kept[decision.to] = value ? decision.yes : decision.no;
        break;
      case 'label': {
        const l = label(value as string);
        if (l !== null) labels[decision.to] = l;
        break;
      }
      case 'path':
        path = storablePath(value as string, event.project_root);
        break;
      case 'domain':
        domain = registrableDomain(value as string);
        break;
      case 'scrub':
        content = value as string;
        break;
    }
  }
  // Derived from kept counts only: whether a test run passed.
  if (event.type === 'test_run') kept.outcome = event.failed > 0 ? 'failed' : 'passed';
  return { eventType: event.type, kept, counts, labels, path, domain, content };
}

/** `os` and `agent_version` (name/version) of the agent, or null when a part does not look like a name. */
export function agentLabels(agent: {
  name: string;
  version: string;
  os: string;
}): Partial<Record<StringColumn, string>> {
  const out: Partial<Record<StringColumn, string>> = {};
  const name = label(agent.name);
  const version = label(agent.version);
  if (name !== null && version !== null) out[AGENT_POLICY.name.to] = `${name}/${version}`;
  const os = label(agent.os);
  if (os !== null) out[AGENT_POLICY.os.to] = os;
  return out;
}

/** User names found in home directories of the batch's paths: scrubbed from all kept text as hints. */
export function homeUserNames(events: readonly RequestEvent[]): string[] {
  const names = new Set<string>();
  for (const event of events) {
    const table = CONTENT_POLICY[event.type] as Record<string, AnyDecision>;
    const values = event as unknown as Record<string, unknown>;
    const candidates = [event.project_root];
    for (const field in table)
      if (table[field]?.do === 'path') candidates.push(values[field] as string | undefined);
    for (const c of candidates) {
      const name = c === undefined ? null : homeUserName(c);
      if (name !== null) names.add(name);
    }
  }
  return [...names];
}
