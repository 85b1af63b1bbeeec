/** All detectors, in no meaningful order: overlaps are resolved by type priority, not by order. */
import type { Detector } from '../types.ts';
import { assignmentDetector } from './assignments.ts';
import { birthDateDetector } from './birth-date.ts';
import { callDetector } from './calls.ts';
import { awsDetector, azureDetector, gcpDetector } from './cloud.ts';
import { commandDetector } from './commands.ts';
import { emailDetector } from './email.ts';
import { obfuscatedEmailDetector } from './email-obfuscated.ts';
import { financialDetector } from './financial.ts';
import { flagDetector } from './flags.ts';
import { headerDetector } from './headers.ts';
import { internalHostDetector } from './internal-host.ts';
import { nationalIdDetector } from './national-id.ts';
import { networkDetector } from './network.ts';
import { homePathDetector } from './paths.ts';
import { personNameDetector } from './person-name.ts';
import { phoneDetector } from './phone.ts';
import { privateKeyDetector } from './private-key.ts';
import { promptDetector } from './prompts.ts';
import { providerTokenDetector } from './provider-tokens.ts';
import { sqlPasswordDetector } from './sql.ts';
import { jwtDetector, slackWebhookDetector, tokenDetector } from './tokens.ts';
import { uriDetector } from './uri.ts';

export const DETECTORS: readonly Detector[] = [
  privateKeyDetector,
  awsDetector,
  gcpDetector,
  azureDetector,
  tokenDetector,
  providerTokenDetector,
  slackWebhookDetector,
  jwtDetector,
  uriDetector,
  headerDetector,
  assignmentDetector,
  flagDetector,
  commandDetector,
  sqlPasswordDetector,
  callDetector,
  emailDetector,
  obfuscatedEmailDetector,
  phoneDetector,
  nationalIdDetector,
  birthDateDetector,
  financialDetector,
  networkDetector,
  homePathDetector,
  promptDetector,
  internalHostDetector,
  personNameDetector,
];
