import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../schema/output.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

/** Throws with ajv's explanation when `output` does not match schema/output.schema.json. */
export function assertValidOutput(output: unknown): void {
  if (!validate(output)) throw new Error(`output does not match the JSON Schema: ${ajv.errorsText(validate.errors)}`);
}

const configOutputSchema = JSON.parse(readFileSync(new URL('../schema/config-output.schema.json', import.meta.url), 'utf8'));
const validateConfigOutput = ajv.compile(configOutputSchema);

/** Throws with ajv's explanation when `syncstat config --json` output does not match schema/config-output.schema.json. */
export function assertValidConfigOutput(output: unknown): void {
  if (!validateConfigOutput(output)) throw new Error(`config output does not match the JSON Schema: ${ajv.errorsText(validateConfigOutput.errors)}`);
}

/** Throws unless `value` matches one of the schema's definitions (an NDJSON line, a --watch event). */
export function assertValidDefinition(name: 'ndjsonLine' | 'changeEvent', value: unknown): void {
  const check = ajv.getSchema(`${schema.$id}#/definitions/${name}`);
  if (!check) throw new Error(`schema/output.schema.json has no definition ${name}`);
  if (!check(value)) throw new Error(`${JSON.stringify(value)} does not match #/definitions/${name}: ${ajv.errorsText(check.errors)}`);
}

const doctorOutputSchema = JSON.parse(readFileSync(new URL('../schema/doctor-output.schema.json', import.meta.url), 'utf8'));
const validateDoctorOutput = ajv.compile(doctorOutputSchema);

/** Throws with ajv's explanation when `syncstat doctor --json` output does not match schema/doctor-output.schema.json. */
export function assertValidDoctorOutput(output: unknown): void {
  if (!validateDoctorOutput(output)) throw new Error(`doctor output does not match the JSON Schema: ${ajv.errorsText(validateDoctorOutput.errors)}`);
}
