/**
 * cdk.json's `context` (feature flags, offline settings). The CDK CLI passes it to the app itself,
 * but `tsx bin/app.ts` and tests build the App directly and would otherwise run without the flags
 * (e.g. BUCKET_OWNER_ENFORCED log buckets then fail), so both load it from here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return { ...(cdkJson.context ?? {}) };
}
