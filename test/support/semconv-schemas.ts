/**
 * The conventions' official JSON schemas for content attributes (copied unchanged from
 * semantic-conventions v1.41.1, kept beside the checkout in shared/semconv-schemas), compiled
 * with ajv as draft 2020-12, and the content documents an SDK pipeline exported, collected from
 * span attributes (JSON strings or structured values) and log records (structured).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Attributes } from '@opentelemetry/api';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA_DIR = new URL('../../../shared/semconv-schemas/', import.meta.url);

const FILES = {
  'gen_ai.input.messages': 'gen-ai-input-messages.json',
  'gen_ai.output.messages': 'gen-ai-output-messages.json',
  'gen_ai.system_instructions': 'gen-ai-system-instructions.json',
  'gen_ai.tool.definitions': 'gen-ai-tool-definitions.json',
  'gen_ai.retrieval.documents': 'gen-ai-retrieval-documents.json',
} as const;

export type SchemaAttribute = keyof typeof FILES;
export const SCHEMA_ATTRIBUTES = Object.keys(FILES) as SchemaAttribute[];

// `format: binary` (blob content) is no format ajv knows; the schema means base64 text in JSON.
const ajv = new Ajv2020({ allErrors: true, formats: { binary: true } });
// Tool parameters are JSON Schema draft-07 documents: the tool-definitions schema refers to its
// meta-schema, which ajv ships.
ajv.addMetaSchema(
  createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json') as object,
);
const validators = Object.fromEntries(
  SCHEMA_ATTRIBUTES.map((attribute) => [
    attribute,
    ajv.compile(JSON.parse(readFileSync(new URL(FILES[attribute], SCHEMA_DIR), 'utf8')) as object),
  ]),
) as Record<SchemaAttribute, ValidateFunction>;

/** One content document as exported, with where it came from. */
export interface ContentDocument {
  attribute: SchemaAttribute;
  source: string;
  value: unknown;
}

/** The schema-covered content attributes of `attributes`; JSON strings are parsed. */
export function documentsOf(
  attributes: Attributes | Record<string, unknown> | undefined,
  source: string,
): ContentDocument[] {
  const out: ContentDocument[] = [];
  for (const attribute of SCHEMA_ATTRIBUTES) {
    const raw = attributes?.[attribute];
    if (raw === undefined) continue;
    out.push({ attribute, source, value: typeof raw === 'string' ? JSON.parse(raw) : raw });
  }
  return out;
}

/** Every document that fails its schema, with ajv's errors. */
export function schemaFailures(documents: readonly ContentDocument[]) {
  const failures: Array<ContentDocument & { errors: unknown }> = [];
  for (const document of documents) {
    const validate = validators[document.attribute];
    if (!validate(document.value)) failures.push({ ...document, errors: validate.errors });
  }
  return failures;
}
