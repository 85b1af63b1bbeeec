/** Stateful resources keep fixed logical IDs: a refactor of the construct tree must never replace them. */
import { describe, expect, it } from 'vitest';
import { synthesize } from './synth.ts';

const PINNED = {
  DataBucket: 'AWS::S3::Bucket',
  ResultsBucket: 'AWS::S3::Bucket',
  AccessLogBucket: 'AWS::S3::Bucket',
  NoticeBucket: 'AWS::S3::Bucket',
  DataKey: 'AWS::KMS::Key',
  PseudonymKey: 'AWS::KMS::Key',
  AlarmTopicKey: 'AWS::KMS::Key',
  EventsDatabase: 'AWS::Glue::Database',
  EventsTable: 'AWS::Glue::Table',
  ReleasedTable: 'AWS::Glue::Table',
  ReleaseReportTable: 'AWS::Glue::Table',
  DeliveryStream: 'AWS::KinesisFirehose::DeliveryStream',
} as const;

const STATEFUL_TYPES = new Set<string>(Object.values(PINNED));

describe('logical IDs of stateful resources', () => {
  const resources = synthesize({ retentionDays: '400', trainerPrincipals: '123456789012' }).template.toJSON()
    .Resources as Record<string, { Type: string }>;

  it.each(Object.entries(PINNED))('%s is a %s', (id, type) => {
    expect(resources[id]?.Type).toBe(type);
  });

  it('leaves no stateful resource with a generated logical ID', () => {
    const stateful = Object.entries(resources)
      .filter(([, r]) => STATEFUL_TYPES.has(r.Type))
      .map(([id]) => id)
      .sort();
    expect(stateful).toEqual(Object.keys(PINNED).sort());
  });
});
