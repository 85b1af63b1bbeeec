/**
 * Who a process is, beyond its pid: pids are reused, so a lock records the holder's start
 * time (and the boot it started in) and a pid that is alive but started at another time is
 * someone else. Linux reads /proc; elsewhere only the pid is known and liveness is kill(pid, 0).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat field 22), or null where unknown. */
  readonly start: string | null;
  /** /proc/sys/kernel/random/boot_id: a start time only means something within one boot. */
  readonly boot: string | null;
  readonly host: string;
}

export type Liveness = 'alive' | 'dead' | 'unknown';

export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, start: startTimeOf(process.pid), boot: bootId(), host: hostname() };
}

/**
 * Whether the process an identity names still runs: `dead` when the pid is gone, when the
 * pid now belongs to a process with another start time, or when the machine rebooted since;
 * `unknown` for another host's process (a shared network folder), which cannot be checked.
 */
export function livenessOf(holder: ProcessIdentity): Liveness {
  if (holder.host !== hostname()) return 'unknown';
  const boot = bootId();
  if (holder.boot !== null && boot !== null && holder.boot !== boot) return 'dead';
  if (!pidExists(holder.pid)) return 'dead';
  if (holder.start === null) return 'alive';
  const start = startTimeOf(holder.pid);
  // Unreadable (it exited just now, or /proc is hidden): kill(0) said it exists; trust that.
  if (start === null) return pidExists(holder.pid) ? 'alive' : 'dead';
  return start === holder.start ? 'alive' : 'dead';
}

/** kill(pid, 0): the pid is in use (by whichever process has it now). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 of proc(5)
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}
