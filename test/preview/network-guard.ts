/**
 * Makes every way a Node process can reach the network fail loudly: TCP and TLS connections (which
 * every HTTP client, fetch included, goes through), listening, UDP, DNS and the HTTP modules.
 * Each attempt is reported before it throws, so one that a caller catches is still seen.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

type Patchable = Record<string, unknown>;

/** Installs the guard; returns the function that removes it. */
export function installNetworkGuard(onAttempt: (what: string) => void): () => void {
  const restore: (() => void)[] = [];
  const block = (owner: object, name: string, label: string) => {
    const target = owner as Patchable;
    const original = target[name];
    target[name] = function blocked() {
      onAttempt(label);
      throw new Error(`network access blocked: ${label}`);
    };
    restore.push(() => {
      target[name] = original;
    });
  };
  block(net.Socket.prototype, 'connect', 'net.Socket#connect');
  block(net.Server.prototype, 'listen', 'net.Server#listen');
  block(net, 'connect', 'net.connect');
  block(net, 'createConnection', 'net.createConnection');
  block(tls, 'connect', 'tls.connect');
  block(dgram.Socket.prototype, 'bind', 'dgram.Socket#bind');
  block(dgram.Socket.prototype, 'send', 'dgram.Socket#send');
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    block(dns, name, `dns.${name}`);
    block(dns.promises, name, `dns.promises.${name}`);
  }
  for (const [mod, label] of [
    [http, 'http'],
    [https, 'https'],
  ] as const) {
    block(mod, 'request', `${label}.request`);
    block(mod, 'get', `${label}.get`);
  }
  block(globalThis, 'fetch', 'fetch');
  // `import { connect } from 'node:net'` reads the ESM bindings, which follow only after a sync.
  syncBuiltinESMExports();
  return () => {
    for (const undo of restore.reverse()) undo();
    syncBuiltinESMExports();
  };
}
