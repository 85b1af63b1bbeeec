/**
 * Runs one SQL statement in the trainers' Athena workgroup: start, poll with backoff until it
 * ends, page through the results. Progress (state, data scanned, elapsed) goes to a callback;
 * aborting the signal stops the query in Athena too. The same result shape as the local engine's,
 * so `npm run query` prints both the same way.
 */
import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';

export type AthenaCell = string | number | boolean | null;

export interface AthenaResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly AthenaCell[])[];
  readonly queryExecutionId: string;
  readonly dataScannedBytes: number;
}

export interface AthenaProgress {
  readonly queryExecutionId: string;
  readonly state: QueryExecutionState | 'STARTING';
  readonly dataScannedBytes: number;
  readonly elapsedMs: number;
}

export interface RunAthenaQueryOptions {
  readonly client: Pick<AthenaClient, 'send'>;
  readonly workgroup: string;
  readonly database: string;
  readonly sql: string;
  /** Stop after this many result rows (pages are fetched only as needed). @default all */
  readonly maxRows?: number;
  readonly onProgress?: (p: AthenaProgress) => void;
  /** Aborting stops the query in Athena (StopQueryExecution) and rejects with AthenaQueryCancelled. */
  readonly signal?: AbortSignal;
  /** First poll delay; doubled up to `maxPollMs`. @default 250 */
  readonly pollMs?: number;
  /** @default 5000 */
  readonly maxPollMs?: number;
  /** Attempts per API call when Athena throttles. @default 8 */
  readonly maxThrottleAttempts?: number;
  /** @default setTimeout-based, abortable */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The query ended FAILED: Athena's reason (about the SQL, e.g. a column that does not exist). */
export class AthenaQueryFailed extends Error {
  override readonly name = 'AthenaQueryFailed';
  constructor(
    readonly queryExecutionId: string,
    readonly reason: string,
    readonly errorType?: string,
  ) {
    super(`query ${queryExecutionId} failed: ${reason}`);
  }
}

export class AthenaQueryCancelled extends Error {
  override readonly name = 'AthenaQueryCancelled';
  constructor(readonly queryExecutionId: string | undefined) {
    super(`query ${queryExecutionId ?? '(not started)'} was cancelled`);
  }
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);
const PAGE_SIZE = 1000; // GetQueryResults' maximum

const abortableSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function runAthenaQuery(options: RunAthenaQueryOptions): Promise<AthenaResult> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const started = now();
  const { client, signal } = options;
  const maxAttempts = options.maxThrottleAttempts ?? 8;

  /** One API call, retried with backoff while Athena throttles (the account's request rate). */
  const call = async <T>(send: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        if (!THROTTLED.has(name) || attempt >= maxAttempts) throw err;
        await sleep(Math.min(10_000, 200 * 2 ** attempt), signal);
      }
    }
  };

  if (signal?.aborted) throw new AthenaQueryCancelled(undefined);
  options.onProgress?.({ queryExecutionId: '', state: 'STARTING', dataScannedBytes: 0, elapsedMs: 0 });
  const { QueryExecutionId: id } = await call(() =>
    client.send(
      new StartQueryExecutionCommand({
        QueryString: options.sql,
        WorkGroup: options.workgroup,
        QueryExecutionContext: { Database: options.database },
      }),
    ),
  );
  if (!id) throw new Error('Athena returned no query execution id');

  const stop = async () => {
    try {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch {
      // Best effort: the query may have ended meanwhile; the workgroup's scan cutoff still bounds it.
    }
  };

  let delay = options.pollMs ?? 250;
  let scanned = 0;
  try {
    for (;;) {
      const { QueryExecution: q } = await call(() =>
        client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const state = q?.Status?.State ?? 'QUEUED';
      scanned = q?.Statistics?.DataScannedInBytes ?? scanned;
      options.onProgress?.({
        queryExecutionId: id,
        state,
        dataScannedBytes: scanned,
        elapsedMs: now() - started,
      });
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED') {
        throw new AthenaQueryFailed(
          id,
          q?.Status?.StateChangeReason ?? 'no reason given',
          q?.Status?.AthenaError?.ErrorType !== undefined
            ? String(q.Status.AthenaError.ErrorType)
            : undefined,
        );
      }
      if (state === 'CANCELLED') throw new AthenaQueryCancelled(id);
      await sleep(delay, signal);
      delay = Math.min(options.maxPollMs ?? 5000, delay * 2);
    }
    return { ...(await readResults(id)), queryExecutionId: id, dataScannedBytes: scanned };
  } catch (err) {
    if (signal?.aborted) {
      await stop();
      throw new AthenaQueryCancelled(id);
    }
    throw err;
  }

  async function readResults(queryExecutionId: string) {
    let columns: ColumnInfo[] = [];
    const rows: AthenaCell[][] = [];
    let token: string | undefined;
    let first = true;
    do {
      if (signal?.aborted) throw signal.reason;
      const page: GetQueryResultsCommandOutput = await call(() =>
        client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryExecutionId,
            MaxResults: PAGE_SIZE,
            NextToken: token,
          }),
        ),
      );
      if (first) columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row repeats the column names.
      if (first && data.length > 0 && isHeader(data[0]?.Data ?? [], columns)) data = data.slice(1);
      first = false;
      for (const row of data) {
        if (options.maxRows !== undefined && rows.length >= options.maxRows) return finish();
        rows.push(columns.map((c, i) => toCell(row.Data?.[i]?.VarCharValue, c.Type ?? 'varchar')));
      }
      token = page.NextToken;
    } while (token !== undefined && (options.maxRows === undefined || rows.length < options.maxRows));
    return finish();

    function finish() {
      return { columns: columns.map((c) => ({ name: c.Name ?? '', type: c.Type ?? 'varchar' })), rows };
    }
  }
}

function isHeader(data: { VarCharValue?: string }[], columns: ColumnInfo[]): boolean {
  return columns.length > 0 && columns.every((c, i) => data[i]?.VarCharValue === (c.Label ?? c.Name));
}

/** Athena returns every value as text; numbers and booleans are given back their type. */
export function toCell(value: string | undefined, type: string): AthenaCell {
  if (value === undefined) return null;
  switch (type.toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int': {
      return Number(value);
    }
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    case 'double':
    case 'float':
    case 'real':
      return Number(value);
    case 'boolean':
      return value === 'true';
    default:
      return value;
  }
}
