/**
 * The deployment settings a collection notice states. The committed notice (docs/) uses the
 * defaults; the stack renders its own from its configuration, so the published page states what
 * that deployment does.
 */
import type { IngestConfig as StackConfig } from '../config.ts';
import { DEFAULT_CONFIG } from '../config.ts';

export interface NoticeSettings {
  readonly pseudonymWindow: StackConfig['pseudonymWindow'];
  /** Kept text is cut at this many UTF-8 bytes. */
  readonly maxContentBytes: number;
  readonly retentionDays: number;
  readonly errorRetentionDays: number;
  readonly noncurrentVersionDays: number;
  readonly resultsRetentionDays: number;
  readonly logRetentionDays: number;
  /** k of the release. */
  readonly releaseMinContributors: number;
  readonly releaseMinSessionEvents: number;
  /** Whether the deployment loads the organisation's people directory. */
  readonly peopleDirectory: boolean;
}

export function noticeSettings(config: StackConfig): NoticeSettings {
  return {
    pseudonymWindow: config.pseudonymWindow,
    maxContentBytes: config.maxContentBytes,
    retentionDays: config.retentionDays,
    errorRetentionDays: config.errorRetentionDays,
    noncurrentVersionDays: config.noncurrentVersionDays,
    resultsRetentionDays: config.resultsRetentionDays,
    logRetentionDays: config.logRetentionDays,
    releaseMinContributors: config.releaseMinContributors,
    releaseMinSessionEvents: config.releaseMinSessionEvents,
    peopleDirectory: config.directoryObjectKey !== '',
  };
}

/** The settings of a deployment with the defaults: what docs/what-we-collect.md states. */
export const DEFAULT_NOTICE_SETTINGS = noticeSettings(DEFAULT_CONFIG);
