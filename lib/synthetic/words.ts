/** Vocabulary the code, commands and titles are assembled from. */
import type { Rng } from './prng.ts';

export const NOUNS = [
  'invoice',
  'payment',
  'customer',
  'order',
  'ledger',
  'refund',
  'account',
  'session',
  'shipment',
  'forecast',
  'metric',
  'tenant',
  'webhook',
  'subscription',
  'report',
  'warehouse',
  'product',
  'coupon',
  'schedule',
  'token',
  'event',
  'profile',
  'address',
  'cart',
  'quote',
  'balance',
  'transfer',
  'policy',
] as const;
export const VERBS = [
  'get',
  'create',
  'update',
  'list',
  'validate',
  'sync',
  'compute',
  'load',
  'fetch',
  'apply',
  'resolve',
  'normalize',
  'reconcile',
  'archive',
  'publish',
  'parse',
  'merge',
  'retry',
  'enqueue',
  'render',
] as const;
export const ADJS = [
  'pending',
  'active',
  'stale',
  'failed',
  'settled',
  'draft',
  'expired',
  'archived',
] as const;

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const snake = (...parts: string[]): string => parts.join('_');
export const camel = (first: string, ...rest: string[]): string => first + rest.map(cap).join('');

/** A noun/verb pair and the identifiers derived from it, so one snippet reads coherently. */
export interface Names {
  noun: string;
  other: string;
  verb: string;
  adj: string;
  Type: string;
  Other: string;
  fn: string;
  fnSnake: string;
  n: number;
}

export function names(rng: Rng): Names {
  const noun = rng.pick(NOUNS);
  let other: string = rng.pick(NOUNS);
  if (other === noun) other = 'record';
  const verb = rng.pick(VERBS);
  return {
    noun,
    other,
    verb,
    adj: rng.pick(ADJS),
    Type: cap(noun),
    Other: cap(other),
    fn: camel(verb, noun),
    fnSnake: snake(verb, noun),
    n: rng.pick([3, 5, 10, 30, 60, 100, 250, 1000]),
  };
}
