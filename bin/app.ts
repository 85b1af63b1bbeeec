#!/usr/bin/env -S npx tsx
/**
 * CDK app entry (`cdk synth`, `cdk deploy -c key=value`). Runs the same whether the CLI starts it
 * (context from cdk.json and -c arrives in CDK_CONTEXT_JSON and wins) or `tsx bin/app.ts` does.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ActivityIngestStack } from '../lib/activity-ingest-stack.ts';
import { cdkJsonContext, REPO_ROOT } from '../lib/cdk-context.ts';
import { configFromContext } from '../lib/config.ts';

const app = new App({ context: cdkJsonContext() });
const config = configFromContext((key) => app.node.tryGetContext(key));

new ActivityIngestStack(app, 'ActivityIngest', {
  description: 'activity-ingest: privacy-preserving activity event ingestion',
  projectRoot: REPO_ROOT,
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// Every synth checks AwsSolutions; each accepted finding is acknowledged, with its reason, where it arises.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
