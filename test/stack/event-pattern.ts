/**
 * EventBridge event-pattern matching, offline, for the operators the stack's rules use: exact
 * values, prefix, suffix, anything-but (a value, a list, or a prefix), exists, and $or.
 * Semantics as EventBridge documents them (and its open-source engine, Event Ruler, implements):
 * - every field named in a pattern must match (AND); a field matches if any of its listed matchers
 *   matches any of its values (OR), an event array being a list of values;
 * - arrays of objects are crushed out: a nested pattern matches if one element matches it whole;
 * - only leaves are values: a field holding an object matches no value matcher;
 * - every matcher but `exists: false` needs the field present, anything-but included;
 * - `exists: false` matches a missing leaf, also below a missing intermediate object.
 * Anything else (wildcard, numeric, cidr, equals-ignore-case, nested operator forms) throws, so a rule that
 * starts using one cannot be "tested" by a matcher that silently misreads it.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Leaf = null | boolean | number | string;

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The leaf values at `key` of `node` (arrays flattened, objects left out). */
function leavesOf(value: Json | undefined): Leaf[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => leavesOf(v));
  return isObject(value) ? [] : [value];
}

/** The objects at `key` of `node` (arrays flattened). */
function objectsOf(value: Json | undefined): Record<string, Json>[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => objectsOf(v));
  return isObject(value) ? [value] : [];
}

function unsupported(what: unknown): never {
  throw new Error(`event-pattern: operator not supported by this matcher: ${JSON.stringify(what)}`);
}

function stringArg(operator: string, arg: unknown): string {
  if (typeof arg !== 'string') unsupported({ [operator]: arg });
  return arg;
}

function matchesValue(matcher: Json, value: Leaf): boolean {
  if (!isObject(matcher)) {
    if (Array.isArray(matcher)) unsupported(matcher);
    return matcher === value;
  }
  const keys = Object.keys(matcher);
  if (keys.length !== 1) unsupported(matcher);
  const operator = keys[0] as string;
  const arg = matcher[operator];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(stringArg(operator, arg));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(stringArg(operator, arg));
    case 'anything-but': {
      if (typeof arg === 'string' || typeof arg === 'number') return value !== arg;
      if (Array.isArray(arg) && arg.every((a) => typeof a === 'string' || typeof a === 'number')) {
        return !arg.includes(value as string | number);
      }
      if (isObject(arg) && Object.keys(arg).length === 1 && 'prefix' in arg) {
        return typeof value === 'string' && !value.startsWith(stringArg('prefix', arg.prefix));
      }
      return unsupported(matcher);
    }
    default:
      return unsupported(matcher);
  }
}

function matchesField(matchers: Json[], value: Json | undefined): boolean {
  const leaves = leavesOf(value);
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) {
      if (typeof matcher.exists !== 'boolean' || Object.keys(matcher).length !== 1) unsupported(matcher);
      return matcher.exists === leaves.length > 0;
    }
    return leaves.some((leaf) => matchesValue(matcher, leaf));
  });
}

function matchesObject(pattern: Record<string, Json>, node: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isObject)) unsupported({ $or: sub });
      return sub.some((alternative) => matchesObject(alternative as Record<string, Json>, node));
    }
    if (Array.isArray(sub)) return matchesField(sub, node[key]);
    if (!isObject(sub)) unsupported({ [key]: sub });
    const children = objectsOf(node[key]);
    // A missing object still lets `exists: false` below it match.
    return (children.length > 0 ? children : [{}]).some((child) => matchesObject(sub, child));
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern) || !isObject(event)) throw new Error('event-pattern: pattern and event are objects');
  return matchesObject(pattern, event);
}
