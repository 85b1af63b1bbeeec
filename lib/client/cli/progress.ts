/** Progress on stderr once a second for long runs: counts and rates only, never content. */
import type { ClientStats } from '../client.ts';

export function startProgress(stats: () => ClientStats, extra: () => string = () => ''): () => void {
  const started = Date.now();
  let lastAt = started;
  let lastAccepted = 0;
  const timer = setInterval(() => {
    const s = stats();
    const now = Date.now();
    const rate = ((s.accepted + s.rejected - lastAccepted) * 1000) / Math.max(1, now - lastAt);
    lastAt = now;
    lastAccepted = s.accepted + s.rejected;
    process.stderr.write(
      `[${Math.round((now - started) / 1000)}s] ${extra()}sent ${s.sent} accepted ${s.accepted} rejected ${s.rejected} ` +
        `retried ${s.retried} queued ${s.queued + s.inFlight} dropped ${s.dropped} | ${Math.round(rate)} events/s\n`,
    );
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

export function summary(s: ClientStats, ms: number): string {
  return (
    `accepted ${s.accepted}, rejected ${s.rejected}, dropped ${s.dropped}, left queued ${s.queued + s.inFlight} ` +
    `(${s.sent} sends in ${s.requests} requests, ${s.failedRequests} failed, ${s.replayed} replayed from spool) ` +
    `in ${(ms / 1000).toFixed(1)} s`
  );
}
