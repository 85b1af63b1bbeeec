/**
 * `node --import tsx --import ./test/preview/network-guard-preload.ts …`: the process exits 99 on
 * its first network attempt, naming it on stderr, whatever the code does with the error.
 */
import { installNetworkGuard } from './network-guard.ts';

export const NETWORK_ATTEMPT_EXIT = 99;

installNetworkGuard((what) => {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  process.exit(NETWORK_ATTEMPT_EXIT);
});
