/** The template's Glue table, API model and function environment are derived from the schema module and config. */
import { beforeAll, describe, expect, it } from 'vitest';
import { toApiGatewaySchema } from '../../lib/constructs/api-json-schema.ts';
import { DATA_OUTPUT_PREFIX } from '../../lib/constructs/delivery.ts';
import { loadIngestConfig } from '../../lib/ingest/config.ts';
import { DT_FORMAT, envelopeJsonSchema, glueColumns, gluePartitionKeys } from '../../lib/schema/index.ts';
import { functionEnv, type Synthesized, synthesize } from './synth.ts';

const CUSTOM_CONTEXT = {
  projectionStartDate: '2025-06-01',
  maxEvents: '200',
  maxBodyBytes: '2097152',
  maxContentBytes: '32768',
  pseudonymWindow: 'month',
  internalDomains: 'corp.example.com,example.internal',
};

let synth: Synthesized;
let custom: Synthesized;
interface GlueTableInput {
  StorageDescriptor: { Columns: unknown[]; SerdeInfo: { SerializationLibrary: string } };
  PartitionKeys: unknown[];
  Parameters: Record<string, unknown>;
}
let table: GlueTableInput;

beforeAll(() => {
  synth = synthesize();
  custom = synthesize(CUSTOM_CONTEXT);
  table = synth.template.toJSON().Resources.EventsTable.Properties.TableInput;
});

const modelSchema = (s: Synthesized) =>
  Object.values(s.template.findResources('AWS::ApiGateway::Model'))[0]?.Properties.Schema as Record<
    string,
    unknown
  >;

describe('Glue table', () => {
  it('has exactly the columns of the schema module, in order, with their docs', () => {
    expect(table.StorageDescriptor.Columns).toEqual(
      glueColumns().map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
  });

  it('is partitioned by the schema module’s partition keys', () => {
    expect(table.PartitionKeys).toEqual(
      gluePartitionKeys().map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
  });

  it('projects dt as a date from the configured start to NOW, located where Firehose writes', () => {
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': DT_FORMAT,
      'projection.dt.range': '2026-01-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'storage.location.template': {
        'Fn::Join': ['', ['s3://', { Ref: 'DataBucket' }, `/events/dt=\${dt}/`]],
      },
    });
    // Firehose's prefix, with its timestamp placeholder replaced by the partition value, is the same layout.
    expect(DATA_OUTPUT_PREFIX.replace(`!{timestamp:${DT_FORMAT}}`, `\${dt}`)).toBe(`events/dt=\${dt}/`);
    expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
  });

  it('takes the projection start from context', () => {
    const params = custom.template.toJSON().Resources.EventsTable.Properties.TableInput.Parameters;
    expect(params['projection.dt.range']).toBe('2025-06-01,NOW');
  });
});

describe('API request model', () => {
  it('is envelopeJsonSchema() as draft-04, with the configured event limit', () => {
    expect(modelSchema(synth)).toEqual(envelopeJsonSchema({ maxEvents: synth.config.maxEvents }));
    expect(modelSchema(custom)).toEqual(envelopeJsonSchema({ maxEvents: 200 }));
    const properties = modelSchema(custom).properties as Record<string, { maxItems?: number }>;
    expect(properties.events?.maxItems).toBe(200);
  });

  it('refuses a keyword it would otherwise drop silently', () => {
    expect(() => toApiGatewaySchema({ type: 'object', if: { type: 'object' } })).toThrow(
      /#\/if: .*not supported/,
    );
    expect(() => toApiGatewaySchema({ properties: { a: { contentEncoding: 'base64' } } })).toThrow(
      /#\/properties\/a\/contentEncoding/,
    );
  });
});

describe('function environment', () => {
  it('sets exactly the variables the handler reads', () => {
    expect(Object.keys(functionEnv(synth)).sort()).toEqual(
      [
        'AGENT_ACCOUNT_ID',
        'AGENT_ROLE_NAME',
        'DELIVERY_STREAM_NAME',
        'INTERNAL_DOMAINS',
        'MAX_BODY_BYTES',
        'MAX_CONTENT_BYTES',
        'MAX_EVENTS',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'PSEUDONYM_KEY_ID',
        'PSEUDONYM_WINDOW',
      ].sort(),
    );
    expect(functionEnv(synth)).toMatchObject({
      DELIVERY_STREAM_NAME: { Ref: 'DeliveryStream' },
      PSEUDONYM_KEY_ID: { 'Fn::GetAtt': ['PseudonymKey', 'Arn'] },
    });
  });

  it('ships no source map unless functionSourceMap asks for one (then also enables it)', () => {
    expect(functionEnv(synth)).not.toHaveProperty('NODE_OPTIONS');
    expect(functionEnv(synthesize({ functionSourceMap: 'true' }))).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('carries configured values the function’s own config loader accepts unchanged', () => {
    const env = functionEnv(custom) as Record<string, string>;
    expect(loadIngestConfig(env)).toEqual({
      maxEvents: 200,
      maxBodyBytes: 2097152,
      maxContentBytes: 32768,
      pseudonymWindow: 'month',
      internalDomains: ['corp.example.com', 'example.internal'],
    });
    expect(loadIngestConfig(functionEnv(synth) as Record<string, string>)).toMatchObject({
      maxEvents: synth.config.maxEvents,
      maxBodyBytes: synth.config.maxBodyBytes,
      maxContentBytes: synth.config.maxContentBytes,
      pseudonymWindow: 'day',
      internalDomains: [],
    });
  });
});
