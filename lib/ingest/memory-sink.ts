import type { StoredRow } from '../schema/types.ts';
import type { RowDeliveryOutcome, RowSink } from './ports.ts';

/** A RowSink that keeps rows in memory: for tests and benchmarks. `fail` decides per row which ones fail. */
export function createMemorySink(fail: (row: StoredRow, index: number) => boolean = () => false) {
  const rows: StoredRow[] = [];
  let calls = 0;
  const sink: RowSink & { readonly rows: StoredRow[]; readonly calls: number } = {
    rows,
    get calls() {
      return calls;
    },
    async deliver(batch: readonly StoredRow[]): Promise<RowDeliveryOutcome[]> {
      calls++;
      return batch.map((row, i) => {
        if (fail(row, i)) return 'failed';
        rows.push(row);
        return 'delivered';
      });
    },
  };
  return sink;
}
