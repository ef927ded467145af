import { randomUUID } from 'node:crypto';
import { isSafeTextCheck } from '@vibemonitor/contracts';

/*
 * Builds a minimal valid value from a zod 4 schema by reading its definition
 * (`schema._zod.def`), so the tenant-isolation matrix can call procedures it
 * has never seen. Optional and defaulted fields are left out; required ones
 * get plausible values (a fresh UUID for uuid strings, an example.com address
 * for emails...). Anything it cannot satisfy with confidence (regexes,
 * custom validators, transforms) is reported, not guessed, so the matrix asks
 * for an explicit override instead of calling with input that may be invalid.
 */

interface ZodDef {
  type: string;
  [key: string]: unknown;
}

interface ZodLike {
  _zod: { def: ZodDef };
}

interface CheckDef {
  check: string;
  [key: string]: unknown;
}

/** Thrown for a schema (or part of one) the sampler cannot satisfy. */
export class UnsampleableSchemaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot sample ${path || '(root)'}: ${reason}`);
    this.name = 'UnsampleableSchemaError';
  }
}

const OMIT = Symbol('omit');

function isZod(value: unknown): value is ZodLike {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function checksOf(def: ZodDef): CheckDef[] {
  const checks = Array.isArray(def.checks)
    ? (def.checks as Array<{ _zod: { def: CheckDef } }>)
    : [];
  return checks.map((c) => c._zod.def);
}

function sampleFormat(format: string, def: ZodDef, path: string): string {
  switch (format) {
    case 'uuid':
    case 'guid':
      return randomUUID();
    case 'email':
      return 'x@example.com';
    case 'url':
      return 'https://example.com/x';
    case 'datetime':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    default:
      throw new UnsampleableSchemaError(
        path,
        `string format "${format}"${def.pattern ? ` (${String(def.pattern)})` : ''}`,
      );
  }
}

function sampleString(def: ZodDef, path: string): string {
  let min = 1;
  let max = Number.POSITIVE_INFINITY;
  let format = typeof def.format === 'string' ? def.format : undefined;
  for (const check of checksOf(def)) {
    if (check.check === 'min_length') min = Math.max(min, Number(check.minimum));
    else if (check.check === 'max_length') max = Math.min(max, Number(check.maximum));
    else if (check.check === 'length_equals') min = max = Number(check.length);
    else if (check.check === 'string_format') format = String(check.format);
    else if (check.check !== 'overwrite' && !isSafeTextCheck(check))
      // The text rule (NUL, lone surrogates) holds for any plain sample.
      throw new UnsampleableSchemaError(path, `string check "${check.check}"`);
  }
  if (format) return sampleFormat(format, def, path);
  if (min > max) throw new UnsampleableSchemaError(path, `string length ${min} > ${max}`);
  return 'x'.repeat(min);
}

function sampleNumber(def: ZodDef, path: string): number {
  let value = 1;
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  for (const check of checksOf(def)) {
    if (check.check === 'greater_than') low = Number(check.value) + (check.inclusive ? 0 : 1);
    else if (check.check === 'less_than') high = Number(check.value) - (check.inclusive ? 0 : 1);
    else if (check.check !== 'number_format')
      throw new UnsampleableSchemaError(path, `number check "${check.check}"`);
  }
  value = Math.min(Math.max(value, low), high);
  if (value < low) throw new UnsampleableSchemaError(path, 'empty number range');
  return Math.ceil(value);
}

function sample(schema: unknown, path: string): unknown {
  if (!isZod(schema)) throw new UnsampleableSchemaError(path, 'not a zod 4 schema');
  const def = schema._zod.def;
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  switch (def.type) {
    case 'string':
      return sampleString(def, path);
    case 'number':
      return sampleNumber(def, path);
    case 'boolean':
      return true;
    case 'date':
      return new Date();
    case 'null':
      return null;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'optional':
    case 'default':
    case 'prefault':
      return OMIT;
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return sample(def.innerType, path);
    case 'lazy':
      return sample((def.getter as () => unknown)(), path);
    case 'pipe':
      // The input side is what a caller sends; the output side is the parsed result.
      if (isZod(def.out) && def.out._zod.def.type === 'transform') return sample(def.in, path);
      return sampleThroughPipe(def, path);
    case 'object': {
      if (checksOf(def).length > 0)
        throw new UnsampleableSchemaError(path, 'object with refinements');
      const value: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
        const sampled = sample(field, at(key));
        if (sampled !== OMIT) value[key] = sampled;
      }
      return value;
    }
    case 'array': {
      const min = checksOf(def).find((c) => c.check === 'min_length');
      const count = min ? Number(min.minimum) : 0;
      return Array.from({ length: count }, (_, i) => sample(def.element, at(i)));
    }
    case 'tuple':
      return (def.items as unknown[]).map((item, i) => sample(item, at(i)));
    case 'record':
      return {};
    case 'union': {
      const failures: string[] = [];
      for (const option of def.options as unknown[]) {
        try {
          return sample(option, path);
        } catch (error) {
          if (!(error instanceof UnsampleableSchemaError)) throw error;
          failures.push(error.reason);
        }
      }
      throw new UnsampleableSchemaError(
        path,
        `no union option can be sampled (${failures.join('; ')})`,
      );
    }
    case 'intersection': {
      const left = sample(def.left, path);
      const right = sample(def.right, path);
      if (
        typeof left !== 'object' ||
        typeof right !== 'object' ||
        left === null ||
        right === null
      ) {
        throw new UnsampleableSchemaError(path, 'intersection of non-objects');
      }
      return { ...left, ...right };
    }
    default:
      throw new UnsampleableSchemaError(path, `zod type "${def.type}"`);
  }
}

/**
 * `a.pipe(b)` without a transform: the value must pass both sides. Sample the
 * stricter output side when it is a plain type (e.g. trim/lowercase -> email),
 * else the input side.
 */
function sampleThroughPipe(def: ZodDef, path: string): unknown {
  try {
    return sample(def.out, path);
  } catch (error) {
    if (!(error instanceof UnsampleableSchemaError)) throw error;
    return sample(def.in, path);
  }
}

/**
 * A minimal valid value for `schema`; undefined when the whole input is
 * optional. Throws UnsampleableSchemaError naming the part it cannot satisfy.
 */
export function sampleInput(schema: unknown): unknown {
  const value = sample(schema, '');
  return value === OMIT ? undefined : value;
}

/** The top-level keys an object input declares (through optional/default/pipe wrappers); [] otherwise. */
export function inputKeys(schema: unknown): string[] {
  if (!isZod(schema)) return [];
  const def = schema._zod.def;
  if (def.type === 'object') return Object.keys(def.shape as object);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(def.type))
    return inputKeys(def.innerType);
  if (def.type === 'pipe') return inputKeys(def.in);
  if (def.type === 'union') return [...new Set((def.options as unknown[]).flatMap(inputKeys))];
  return [];
}
