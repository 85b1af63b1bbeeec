/**
 * What an operator reads matches what is deployed: docs/operations.md explains every alarm, guard
 * and dashboard section of the synthesized stack, and docs/deploy.md documents every setting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/cdk-context.ts';
import { CONFIG_KEYS } from '../../lib/config.ts';
import { DASHBOARD_SECTIONS } from '../../lib/constructs/pipeline-dashboard.ts';
import { logicalIdOf, type Synthesized, synthesize } from './synth.ts';

const doc = (name: string) => readFileSync(join(REPO_ROOT, 'docs', name), 'utf8');
let synth: Synthesized;
let operations: string;
beforeAll(() => {
  synth = synthesize();
  operations = doc('operations.md');
});

describe('docs/operations.md covers what the stack deploys', () => {
  it('has a row for every alarm of the pipeline, by its deployed name', () => {
    const resources = synth.template.toJSON().Resources;
    const names = synth.stack.observability.alarms.all.map((alarm) =>
      String(resources[logicalIdOf(alarm)].Properties.AlarmName).replace(/^ActivityIngest-/, ''),
    );
    expect(names).toHaveLength(11);
    for (const name of names) expect(operations, name).toContain(`| \`${name}\` |`);
  });

  it('has a row for every privacy-guard rule', () => {
    const ids = synth.stack.privacyGuards.guards.map((g) => g.id);
    expect(ids).toHaveLength(5);
    for (const id of ids)
      expect(operations, id).toMatch(new RegExp(`\\| \`${id}\`( \\(us-east-1 only\\))? \\|`));
  });

  it('describes every dashboard section, in order', () => {
    const described = [...operations.matchAll(/^\d\. \*\*(.+?)\*\*:/gm)].map((m) => m[1]);
    expect(described).toEqual([...DASHBOARD_SECTIONS]);
  });
});

describe('docs/deploy.md documents every setting', () => {
  it('names each configuration key', () => {
    const deploy = doc('deploy.md');
    for (const key of CONFIG_KEYS) expect(deploy, key).toContain(`\`${key}\``);
  });
});
