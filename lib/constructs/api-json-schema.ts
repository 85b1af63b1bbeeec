import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { JsonSchema as Draft04Schema } from '../schema/index.ts';

// Keywords CDK's JsonSchema type knows (it spells `$schema`/`$ref` as `schema`/`ref`).
const PREFIXED: Record<string, string> = { $schema: 'schema', $ref: 'ref' };
const PLAIN = new Set([
  'id',
  'type',
  'title',
  'description',
  'enum',
  'default',
  'format',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
]);
const SCHEMA_VALUED = new Set([
  'items',
  'additionalItems',
  'contains',
  'additionalProperties',
  'not',
  'propertyNames',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);

function convert(value: unknown, path: string): unknown {
  if (typeof value === 'boolean') return value; // e.g. additionalProperties: false
  if (Array.isArray(value)) return value.map((v, i) => convert(v, `${path}/${i}`));
  if (value === null || typeof value !== 'object') {
    throw new Error(`${path}: expected a schema, got ${JSON.stringify(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (key in PREFIXED) out[PREFIXED[key] as string] = v;
    else if (PLAIN.has(key)) out[key] = v;
    else if (SCHEMA_VALUED.has(key) || SCHEMA_LISTS.has(key)) out[key] = convert(v, at);
    else if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([name, s]) => [name, convert(s, `${at}/${name}`)]),
      );
    } else {
      // Dropping an unknown keyword would silently weaken validation, so refuse it.
      throw new Error(`${at}: JSON Schema keyword not supported by API Gateway models`);
    }
  }
  return out;
}

/**
 * Derives the CDK model schema from a draft-04 schema of the schema module (e.g.
 * `envelopeJsonSchema()`), so the API model is never written by hand. CDK renders it back to the
 * same draft-04 document.
 */
export function toApiGatewaySchema(schema: Draft04Schema): apigw.JsonSchema {
  return convert(schema, '#') as apigw.JsonSchema;
}
