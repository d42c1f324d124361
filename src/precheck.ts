/**
 * A check-only validator derived from the zod schemas themselves. zod's parse builds a full copy
 * of what it validates, which for an invocation with messages was a large share of the
 * telemetry's own cost, and most invocations are valid. This walks the same schema definitions:
 * primitives without refinements, enums, literals, arrays, records, plain objects and unions are
 * checked in place; any part it does not mirror (refinements, formats, custom checks) is handed
 * to zod on its own. It never accepts what zod rejects; when it says no (also for values zod would
 * take, such as class instances), zod parses the whole value and has the last word on what is
 * wrong and why. A property test checks that it never accepts what zod rejects.
 */
import type { z } from 'zod';

type Predicate = (value: unknown) => boolean;

interface Definition {
  type: string;
  checks?: readonly unknown[];
  format?: unknown;
  check?: unknown;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: readonly z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

const derived = new WeakMap<z.ZodType, Predicate>();

const definitionOf = (schema: z.ZodType): Definition =>
  (schema as unknown as { _zod: { def: Definition } })._zod.def;

const optionality = (schema: z.ZodType): string | undefined =>
  (schema as unknown as { _zod: { optin?: string } })._zod.optin;

/** A predicate that implies `schema.safeParse(value).success`, without building the output. */
export function precheckFor(schema: z.ZodType): Predicate {
  let predicate = derived.get(schema);
  if (!predicate) {
    predicate = derive(definitionOf(schema), schema) ?? ((v) => schema.safeParse(v).success);
    derived.set(schema, predicate);
  }
  return predicate;
}

function derive(def: Definition, schema: z.ZodType): Predicate | null {
  switch (def.type) {
    case 'string':
      return withChecks(def, (v) => typeof v === 'string');
    case 'number':
      return withChecks(def, (v) => typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return plain(def) ? (v) => typeof v === 'boolean' : null;
    case 'unknown':
      return plain(def) ? () => true : null;
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return (v) => allowed.has(v);
    }
    case 'literal': {
      const allowed = def.values ?? [];
      return (v) => allowed.includes(v);
    }
    case 'optional':
    case 'default':
      return withUndefined(precheckFor(def.innerType!));
    case 'array':
      return plain(def) ? arrayOf(precheckFor(def.element!)) : null;
    case 'record':
      return recordOf(precheckFor(def.keyType!), precheckFor(def.valueType!));
    case 'object':
      return objectOf(def, schema);
    case 'union':
      return unionOf(def.options ?? []);
    default:
      return null;
  }
}

const plain = (def: Definition) =>
  (!def.checks || def.checks.length === 0) && def.format === undefined && def.check === undefined;

interface CheckDefinition {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
}

/** The refinements the schemas use (integers, bounds, patterns, minimum length); others go to zod. */
function withChecks(def: Definition, base: Predicate): Predicate | null {
  const tests: Predicate[] = [base];
  if (def.format === 'safeint') tests.push((v) => Number.isSafeInteger(v));
  else if (def.format !== undefined) return null;
  for (const check of def.checks ?? []) {
    const c = (check as { _zod: { def: CheckDefinition } })._zod.def;
    const bound = c.value as number;
    if (c.check === 'greater_than')
      tests.push(c.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound);
    else if (c.check === 'less_than')
      tests.push(c.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound);
    else if (c.check === 'min_length')
      tests.push((v) => (v as string).length >= (c.minimum as number));
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern) {
      const pattern = c.pattern;
      tests.push((v) => pattern.test(v as string));
    } else return null;
  }
  if (tests.length === 1) return base;
  return (v) => {
    for (const test of tests) if (!test(v)) return false;
    return true;
  };
}

function withUndefined(inner: Predicate): Predicate {
  return (v) => v === undefined || inner(v);
}

function arrayOf(element: Predicate): Predicate {
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (const item of v) if (!element(item)) return false;
    return true;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

function recordOf(key: Predicate, value: Predicate): Predicate | null {
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const k in v) if (!key(k) || !value(v[k])) return false;
    return true;
  };
}

/** The check of one field of an object schema, and whether the key must be present. */
interface FieldCheck {
  readonly check: Predicate;
  readonly required: boolean;
}

/** The field checks of each object schema the pre-check mirrors, by schema. */
const objectFields = new WeakMap<z.ZodType, ReadonlyMap<string, FieldCheck>>();

/**
 * The checks of an object schema's fields by key, as its own check applies them; undefined when
 * the schema is no object the pre-check mirrors. For checking a few fields of a value without
 * building an object of them.
 */
export function fieldChecksFor(schema: z.ZodType): ReadonlyMap<string, FieldCheck> | undefined {
  precheckFor(schema);
  return objectFields.get(schema);
}

function objectOf(def: Definition, schema: z.ZodType): Predicate | null {
  // A strict object rejects unknown keys; stripping and loose objects accept them.
  if (def.catchall && definitionOf(def.catchall).type === 'never') return null;
  const fields = new Map<string, FieldCheck>();
  let requiredCount = 0;
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    // zod lets a key be absent only when its schema says so (optional, default): a schema that
    // accepts `undefined` as a value (unknown) still requires the key.
    const required = optionality(field) === undefined;
    if (required) requiredCount++;
    fields.set(key, { check: precheckFor(field), required });
  }
  objectFields.set(schema, fields);
  // Cost follows the keys present, not the (much larger) shape: unknown keys are ignored,
  // as zod strips them, and absent optional fields need no look. Required keys are counted as
  // they come: one that is only inherited or not enumerable is left to zod.
  // The keys of the last object checked, in order, with their checks: objects of one shape come
  // again and again, and comparing a key with the one in the same place costs less than a lookup.
  const lastKeys: string[] = [];
  const lastChecks: (FieldCheck | undefined)[] = [];
  return (v) => {
    // Other objects (class instances, Dates) are left to zod.
    if (!isPlainObject(v)) return false;
    let requiredSeen = 0;
    let index = 0;
    for (const key in v) {
      let field: FieldCheck | undefined;
      if (lastKeys[index] === key) field = lastChecks[index];
      else {
        field = fields.get(key);
        lastKeys[index] = key;
        lastChecks[index] = field;
      }
      index++;
      if (field === undefined) continue;
      if (!field.check(v[key])) return false;
      if (field.required) requiredSeen++;
    }
    return requiredSeen === requiredCount;
  };
}

function unionOf(options: readonly z.ZodType[]): Predicate {
  const predicates = options.map((o) => precheckFor(o));
  return (v) => {
    for (const option of predicates) if (option(v)) return true;
    return false;
  };
}
