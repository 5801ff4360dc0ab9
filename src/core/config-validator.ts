// The config file's validator, compiled from schema/config.schema.json. This source form compiles it
// with ajv when run from source (tests); scripts/build.mjs replaces the module with ajv's standalone
// code for the same schema and options, so the bundle carries no ajv and no compile step.
import { Ajv } from 'ajv';
import schema from '../../schema/config.schema.json' with { type: 'json' };

/** What ajv reports per problem (the fields syncstat reads). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** Keep in step with CONFIG_AJV_OPTIONS in scripts/build.mjs. */
export const validate: Validator = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
