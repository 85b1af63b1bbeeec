import type { Options } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';

// ajv-draft-04 is CommonJS (`module.exports = Ajv`); under nodenext its typed default import is the module object.
const AjvDraft04 = AjvDraft04Module as unknown as typeof AjvDraft04Module.default;
export type Draft04Ajv = InstanceType<typeof AjvDraft04>;

/** An Ajv instance for the draft-04 schemas derived in this folder (API Gateway REST models speak draft-04). */
export function createDraft04Ajv(options: Options = {}): Draft04Ajv {
  return new AjvDraft04({ allErrors: false, strict: false, ...options });
}
