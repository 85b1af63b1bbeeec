/**
 * Tokens for the agent CLI and the demo against a local server: minted from the server's data
 * folder key, one per employee. Operator tooling for local mode only — devices in a deployment
 * get AWS credentials (AgentRole sessions), never this key.
 */

import { mintAgentToken } from './agent-token.ts';
import { readKeyFile } from './key-file.ts';
import { dataLayout } from './layout.ts';

export class MissingKeyError extends Error {
  override readonly name = 'MissingKeyError';
}

/** A function giving each employee's token, from `<dataDir>/pseudonym.key`. */
export async function localTokenMinter(dataDir: string): Promise<(employeeId: string) => string> {
  const { keyFile } = dataLayout(dataDir);
  let secret: Uint8Array;
  try {
    secret = await readKeyFile(keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new MissingKeyError(
      `no local key at ${keyFile}: start the server once (npm start -- --data ${dataDir}) or pass the server's --data folder`,
    );
  }
  return (employeeId) => mintAgentToken(secret, employeeId);
}
