/**
 * The request agents send to `POST /v1/events`: the single source of truth for the
 * envelope and for every event type's fields. The API Gateway model, the function's
 * validator and the agent client's types are derived from it (see `derive-json-schema.ts`),
 * and the content policy must decide on every field listed here (its type is derived too).
 */

export type FieldKind = 'string' | 'integer' | 'boolean';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly doc: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  /** A JSON Schema regular expression the string must match. */
  readonly pattern?: string;
}

/** Request limits; the deployed values are configurable, these are the defaults. */
export const REQUEST_LIMITS = {
  maxEvents: 500,
  maxBodyBytes: 1024 * 1024,
  maxIdentifierLength: 256,
  maxHintsPerKind: 20,
  /** Free text beyond this is rejected outright; below it, text over the scrub cap is truncated. */
  maxTextLength: 1024 * 1024,
} as const;

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** ISO-8601 instant with an explicit offset; JSON Schema draft-04 `format` is not enforced by API Gateway. */
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

// Generic in `required` and `as const`, so the derived TypeScript types know which fields are
// required and which are numbers (a plain `FieldSpec` return type widened both away).
const id = <R extends boolean = false>(doc: string, required?: R) =>
  ({
    kind: 'string',
    required: (required ?? false) as R,
    doc,
    maxLength: REQUEST_LIMITS.maxIdentifierLength,
  }) as const;
const text = <R extends boolean = false>(doc: string, required?: R) =>
  ({
    kind: 'string',
    required: (required ?? false) as R,
    doc,
    maxLength: REQUEST_LIMITS.maxTextLength,
  }) as const;
const count = <R extends boolean = false>(doc: string, required?: R) =>
  ({
    kind: 'integer',
    required: (required ?? false) as R,
    doc,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  }) as const;
const durationMs = <R extends boolean = false>(required?: R) => count('Duration in milliseconds.', required);

/** Fields every event carries, whatever its type. */
export const COMMON_EVENT_FIELDS = {
  event_id: {
    kind: 'string',
    required: true,
    pattern: UUID_PATTERN,
    doc: 'Client-generated UUID; reuse it on retries.',
  },
  occurred_at: {
    kind: 'string',
    required: true,
    pattern: INSTANT_PATTERN,
    maxLength: 40,
    doc: 'ISO-8601 instant with offset.',
  },
  type: { kind: 'string', required: true, maxLength: 64, doc: 'One of the event types below.' },
  session_id: id('Agent session identifier; pseudonymized before storage.', true),
  app: id('Application the event came from, e.g. vscode.'),
  project_root: text('Absolute path of the project root, used to make paths relative; never stored.'),
} as const satisfies Record<string, FieldSpec>;

/** Per event type: what it means and the fields it may carry besides the common ones. */
export const EVENT_TYPES = {
  file_edit: {
    doc: 'A saved change to a source file.',
    fields: {
      path: text('Path of the edited file.', true),
      language: id('Programming language, e.g. typescript.'),
      diff: text('Unified diff of the change.'),
      lines_added: count('Lines added.'),
      lines_removed: count('Lines removed.'),
    },
  },
  terminal_command: {
    doc: 'A command run in a terminal, with its outcome.',
    fields: {
      command: text('The command line as typed.', true),
      cwd: text('Working directory.'),
      shell: id('Shell, e.g. zsh.'),
      exit_code: { kind: 'integer', minimum: -2147483648, maximum: 2147483647, doc: 'Exit code.' },
      duration_ms: durationMs(),
    },
  },
  test_run: {
    doc: 'A run of a test suite.',
    fields: {
      framework: id('Test framework, e.g. vitest.', true),
      passed: count('Tests passed.', true),
      failed: count('Tests failed.', true),
      skipped: count('Tests skipped.'),
      duration_ms: durationMs(),
    },
  },
  build: {
    doc: 'A build or compile, with diagnostics when it failed.',
    fields: {
      tool: id('Build tool, e.g. tsc, cargo.', true),
      success: { kind: 'boolean', required: true, doc: 'Whether the build succeeded.' },
      duration_ms: durationMs(),
      diagnostics: text('Compiler or build error output.'),
      error_count: count('Number of errors reported.'),
      warning_count: count('Number of warnings reported.'),
    },
  },
  navigation: {
    doc: 'A visited web page; only the registrable domain is kept.',
    fields: {
      url: text('The URL visited.', true),
      duration_ms: durationMs(),
    },
  },
  window_focus: {
    doc: 'An application window in focus; the title is never kept.',
    fields: {
      title: text('Window title (dropped).'),
      duration_ms: durationMs(true),
    },
  },
  keystroke_stats: {
    doc: 'Keystroke counts over an interval; never characters.',
    fields: {
      keys: count('Keys pressed.', true),
      deletions: count('Backspace and delete presses.'),
      pastes: count('Paste actions.'),
      duration_ms: durationMs(true),
    },
  },
  clipboard: {
    doc: 'A copy or paste; only its length is kept.',
    fields: {
      action: { kind: 'string', enum: ['copy', 'cut', 'paste'], doc: 'What happened.' },
      length: count('Length of the clipboard text in characters.', true),
    },
  },
  ai_assist: {
    doc: 'An AI code suggestion and what the developer did with it.',
    fields: {
      tool: id('Assistant, e.g. copilot.'),
      outcome: {
        kind: 'string',
        required: true,
        enum: ['accepted', 'rejected', 'partial'],
        doc: 'What the developer did.',
      },
      language: id('Programming language.'),
      suggestion_length: count('Characters suggested.'),
      accepted_length: count('Characters kept.'),
      latency_ms: count('Time from request to suggestion in milliseconds.'),
    },
  },
} as const satisfies Record<string, { doc: string; fields: Record<string, FieldSpec> }>;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** The envelope around the events of one request. */
export const ENVELOPE_FIELDS = {
  employee_id: id(
    'Optional: the employee the credentials name, to catch a misconfigured agent. Whose events these are is decided by the credentials; a different value is refused (403 identity_mismatch). Never stored.',
  ),
  device_id: id('Device identifier; dropped.'),
} as const satisfies Record<string, FieldSpec>;

export const AGENT_FIELDS = {
  name: id('Agent name.', true),
  version: { kind: 'string', required: true, maxLength: 64, doc: 'Agent version.' },
  os: {
    kind: 'string',
    required: true,
    maxLength: 64,
    doc: 'Operating system family, e.g. macos, linux, windows.',
  },
} as const satisfies Record<string, FieldSpec>;

/** Identifiers of the contributor, sent so the scrubber can remove them from kept text. Never stored. */
export const IDENTITY_HINT_KINDS = ['usernames', 'emails', 'names'] as const;
export type IdentityHintKind = (typeof IDENTITY_HINT_KINDS)[number];

// ---- TypeScript types derived from the specs above ----

type ValueOf<F extends FieldSpec> = F['kind'] extends 'integer'
  ? number
  : F['kind'] extends 'boolean'
    ? boolean
    : F extends { enum: readonly (infer E)[] }
      ? E
      : string;
type RequiredKeys<T> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];
type Fields<T extends Record<string, FieldSpec>> = { [K in RequiredKeys<T>]: ValueOf<T[K]> } & {
  [K in Exclude<keyof T, RequiredKeys<T>>]?: ValueOf<T[K]>;
};

export type CommonEventFields = Omit<Fields<typeof COMMON_EVENT_FIELDS>, 'type'>;
/** An event as agents send it, discriminated on `type`. */
export type RequestEvent = {
  [T in EventType]: CommonEventFields & { type: T } & Fields<(typeof EVENT_TYPES)[T]['fields']>;
}[EventType];
export type RequestEventOf<T extends EventType> = Extract<RequestEvent, { type: T }>;

export type IdentityHints = { [K in IdentityHintKind]?: string[] };
export type AgentInfo = Fields<typeof AGENT_FIELDS>;

export interface RequestEnvelope extends Fields<typeof ENVELOPE_FIELDS> {
  identity_hints?: IdentityHints;
  agent: AgentInfo;
  events: RequestEvent[];
}
