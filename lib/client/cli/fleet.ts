/** One client per employee (the envelope carries one employee), created on first use. */
import { join } from 'node:path';
import type { AgentInfo, IdentityHints } from '../../schema/index.ts';
import {
  ActivityClient,
  type ActivityClientOptions,
  type ClientStats,
  type RejectedReport,
  zeroStats,
} from '../client.ts';

export interface FleetOptions {
  readonly endpoint: string;
  readonly region?: string;
  readonly signing?: ActivityClientOptions['signing'];
  /** Each employee gets `<spoolDir>/<employee_id>`. */
  readonly spoolDir?: string;
  readonly maxAttempts: number;
  readonly timeoutMs?: number;
  /** Local mode: each employee's bearer token. @default none (AWS: SigV4 credentials name the employee) */
  readonly tokenFor?: (employeeId: string) => string;
  /** Told of every backoff of every client (reason codes and statuses only). */
  readonly onRetry?: (reason: string, status: number | undefined) => void;
}

export interface Identity {
  readonly employeeId: string;
  readonly agent: AgentInfo;
  readonly identityHints?: IdentityHints;
  readonly deviceId?: string;
}

export class Fleet {
  private readonly clients = new Map<string, ActivityClient>();
  readonly rejected: RejectedReport[] = [];

  constructor(private readonly options: FleetOptions) {}

  client(id: Identity): ActivityClient {
    let c = this.clients.get(id.employeeId);
    if (!c) {
      const o = this.options;
      c = new ActivityClient({
        endpoint: o.endpoint,
        employeeId: id.employeeId,
        agent: id.agent,
        ...(id.identityHints ? { identityHints: id.identityHints } : {}),
        ...(id.deviceId ? { deviceId: id.deviceId } : {}),
        ...(o.region ? { region: o.region } : {}),
        ...(o.signing ? { signing: o.signing } : {}),
        // Employee ids are validated identifiers, but keep them from escaping the folder.
        ...(o.spoolDir ? { spoolDir: join(o.spoolDir, id.employeeId.replace(/[^A-Za-z0-9_.-]/g, '_')) } : {}),
        ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
        ...(o.tokenFor ? { token: o.tokenFor(id.employeeId) } : {}),
        retry: { maxAttempts: o.maxAttempts },
      });
      c.on('rejected', (r) => this.rejected.push(r));
      if (o.onRetry) {
        const onRetry = o.onRetry;
        c.on('retrying', (r) => onRetry(r.reason, r.status));
      }
      this.clients.set(id.employeeId, c);
    }
    return c;
  }

  /** Flushes every client; rejects with the first delivery failure after all have finished. */
  async flush(): Promise<void> {
    const results = await Promise.allSettled([...this.clients.values()].map((c) => c.flush()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async close(flush: boolean): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close({ flush, timeoutMs: 5_000 })));
  }

  stats(): ClientStats {
    const total = zeroStats();
    for (const c of this.clients.values()) {
      const s = c.stats();
      for (const k of Object.keys(total) as (keyof ClientStats)[]) total[k] += s[k];
    }
    return total;
  }
}
