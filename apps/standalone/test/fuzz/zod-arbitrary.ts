import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { isZod, type ZodDef } from '../input-schema-walk.js';

/*
 * fast-check arbitraries generated from a zod 4 input schema (by reading
 * `schema._zod.def`), for fuzzing every procedure. Each value is mostly
 * shaped like the schema (so calls get past validation and reach the domain
 * code), with hostile strings (NUL, lone surrogates, CR/LF, very long, SQL
 * and path fragments), out-of-range numbers, unknown enum values, missing and
 * extra keys mixed in, so validation itself is exercised too.
 */

export interface ArbitraryOptions {
  /** Values for known keys, e.g. `workspaceId` -> the fuzzing member's workspace most of the time. */
  known?: Record<string, fc.Arbitrary<unknown>>;
}

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\r\nBcc: x@example.com',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00%0d%0a',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '🚀'.repeat(50),
  'ǅ\u202E\u200B',
  'x'.repeat(5_000),
  '__proto__',
  'constructor',
  '-1',
  'NaN',
  'null',
);

const validishFormats: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  guid: fc.uuid(),
  email: fc.emailAddress(),
  url: fc.webUrl(),
  datetime: fc
    .date({ noInvalidDate: true, min: new Date(2000, 0, 1), max: new Date(2100, 0, 1) })
    .map((d) => d.toISOString()),
  date: fc
    .date({ noInvalidDate: true, min: new Date(2000, 0, 1), max: new Date(2100, 0, 1) })
    .map((d) => d.toISOString().slice(0, 10)),
};

function checksOf(def: ZodDef): Array<Record<string, unknown>> {
  const checks = Array.isArray(def.checks)
    ? (def.checks as Array<{ _zod: { def: Record<string, unknown> } }>)
    : [];
  return checks.map((c) => c._zod.def);
}

function stringArbitrary(def: ZodDef): fc.Arbitrary<string> {
  let max = 200;
  let min = 0;
  let format = typeof def.format === 'string' ? def.format : undefined;
  for (const check of checksOf(def)) {
    if (check.check === 'max_length') max = Math.min(max, Number(check.maximum));
    if (check.check === 'min_length') min = Number(check.minimum);
    if (check.check === 'string_format') format = String(check.format);
  }
  const plain = fc.string({
    minLength: Math.min(min, max),
    maxLength: Math.max(min, Math.min(max, 200)),
    unit: 'grapheme',
  });
  const anyChars = fc.string({ maxLength: 64, unit: 'binary' });
  const formatted = format && validishFormats[format] ? [validishFormats[format]] : [];
  return fc.oneof(
    { weight: 6, arbitrary: formatted[0] ?? plain },
    { weight: 3, arbitrary: plain },
    { weight: 2, arbitrary: hostileStrings },
    { weight: 1, arbitrary: anyChars },
  );
}

function numberArbitrary(def: ZodDef): fc.Arbitrary<number> {
  let low = -1_000;
  let high = 1_000;
  for (const check of checksOf(def)) {
    if (check.check === 'greater_than') low = Number(check.value);
    if (check.check === 'less_than') high = Number(check.value);
  }
  const inRange = fc.integer({ min: Math.max(low, -1e9), max: Math.min(high, 1e9) });
  return fc.oneof(
    { weight: 6, arbitrary: inRange },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        0,
        -1,
        1.5,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        1e308,
        Number.NaN,
        Number.POSITIVE_INFINITY,
      ),
    },
    { weight: 1, arbitrary: fc.double() },
  );
}

/** Any JSON-ish value, for "wrong type" probes. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
);

export function arbitraryFor(
  schema: unknown,
  options: ArbitraryOptions = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!isZod(schema) || depth > 8) return wrongType;
  const def = schema._zod.def;
  const inner = (s: unknown) => arbitraryFor(s, options, depth + 1);
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'string':
        return stringArbitrary(def);
      case 'number':
        return numberArbitrary(def);
      case 'bigint':
        return fc.bigInt();
      case 'boolean':
        return fc.boolean();
      case 'date':
        return fc.date();
      case 'null':
        return fc.constant(null);
      case 'undefined':
        return fc.constant(undefined);
      case 'enum': {
        const values = Object.values(def.entries as Record<string, unknown>);
        return fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...values) },
          { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        );
      }
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'optional':
      case 'default':
      case 'prefault':
        return fc.oneof(
          { weight: 3, arbitrary: inner(def.innerType) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        );
      case 'nullable':
        return fc.oneof(
          { weight: 4, arbitrary: inner(def.innerType) },
          { weight: 1, arbitrary: fc.constant(null) },
        );
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        return inner(def.innerType);
      case 'lazy':
        return inner((def.getter as () => unknown)());
      case 'pipe':
        // The caller sends what the input side accepts; formats often sit on the output side.
        return fc.oneof(inner(def.in), inner(def.out));
      case 'transform':
        return wrongType;
      case 'object': {
        const shape = def.shape as Record<string, unknown>;
        const fields: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, field] of Object.entries(shape)) {
          const known = options.known?.[key];
          fields[key] = known
            ? fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: inner(field) })
            : inner(field);
        }
        return fc
          .tuple(
            fc.record(fields, { requiredKeys: [] }),
            fc.option(fc.dictionary(fc.string({ maxLength: 8 }), wrongType, { maxKeys: 2 }), {
              freq: 8,
            }),
          )
          .map(([value, extra]) => (extra ? { ...extra, ...value } : value));
      }
      case 'array':
        return fc.array(inner(def.element), { maxLength: 6 });
      case 'tuple':
        return fc.tuple(...(def.items as unknown[]).map(inner));
      case 'record':
        return fc.dictionary(
          fc.oneof(
            fc.string({ maxLength: 20 }),
            hostileStrings.filter((s) => s.length < 100),
          ),
          inner(def.valueType),
          { maxKeys: 4 },
        );
      case 'union':
        return fc.oneof(...(def.options as unknown[]).map(inner));
      case 'intersection':
        return fc
          .tuple(inner(def.left), inner(def.right))
          .map(([a, b]) =>
            typeof a === 'object' && a && typeof b === 'object' && b ? { ...a, ...b } : a,
          );
      default:
        return wrongType;
    }
  })();
  // Now and then, the wrong type entirely.
  return fc.oneof({ weight: 20, arbitrary: shaped }, { weight: 1, arbitrary: wrongType });
}

/** A fresh random UUID (not a real row): for ids the fuzzing user does not own. */
export const unknownId = () => randomUUID();
