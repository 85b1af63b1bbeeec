/** Builds the stack the way bin/app.ts does (cdk.json context), without bundling, for template tests. */
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ActivityIngestStack } from '../../lib/activity-ingest-stack.ts';
import { cdkJsonContext, REPO_ROOT } from '../../lib/cdk-context.ts';
import { configFromContext, type IngestConfig } from '../../lib/config.ts';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

export interface Synthesized {
  readonly app: App;
  readonly stack: ActivityIngestStack;
  readonly template: Template;
  readonly config: IngestConfig;
}

/** `context` is what `cdk deploy -c key=value` would pass: strings. */
export function synthesize(
  context: Record<string, string> = {},
  options: { nag?: boolean } = {},
): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const config = configFromContext((key) => app.node.tryGetContext(key));
  const stack = new ActivityIngestStack(app, 'ActivityIngest', {
    projectRoot: REPO_ROOT,
    config,
    env: { account: ACCOUNT, region: REGION },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const template = Template.fromStack(stack);
  return { app, stack, template, config };
}

/** The CloudFormation logical ID of a construct (an L2's default child, or an L1 itself). */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

/** A resource's Properties in the synthesized template, by logical ID (template JSON is untyped). */
export const props = (s: Synthesized, id: string) => s.template.toJSON().Resources[id].Properties;

/** The ingest function's environment variables in the synthesized template. */
export const functionEnv = (s: Synthesized) =>
  props(s, logicalIdOf(s.stack.ingest.function)).Environment.Variables as Record<string, unknown>;
