import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputKeys, sampleInput, UnsampleableSchemaError } from './isolation-sample-input.js';

function roundTrips(schema: z.ZodType) {
  const value = sampleInput(schema);
  expect(schema.safeParse(value).success, `${JSON.stringify(value)} should parse`).toBe(true);
  return value;
}

describe('sampleInput', () => {
  it('fills required fields with values that pass the schema and leaves optional ones out', () => {
    const schema = z.object({
      workspaceId: z.uuid(),
      email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
      name: z.string().trim().min(3).max(100),
      limit: z.number().int().min(1).max(200).default(50),
      page: z.number().int().min(5),
      ratio: z.number().gt(0).lt(10),
      role: z.enum(['user', 'owner']),
      kind: z.literal('team'),
      avatarUrl: z.url({ protocol: /^https?$/ }).nullable(),
      tags: z.array(z.string()).min(2),
      when: z.date(),
      nested: z.object({ flag: z.boolean(), note: z.string().optional() }),
      either: z.union([z.string().regex(/^a+$/), z.number().int()]),
      cursor: z.string().optional(),
    });
    const value = roundTrips(schema) as Record<string, unknown>;
    expect(value).not.toHaveProperty('limit');
    expect(value).not.toHaveProperty('cursor');
    expect(value.page).toBe(5);
    expect(value.name).toBe('xxx');
    expect(value.tags).toEqual(['x', 'x']);
    expect(value.either).toBe(1);
  });

  it('returns undefined for an optional input and samples through transforms', () => {
    expect(sampleInput(z.object({ a: z.string() }).optional())).toBeUndefined();
    roundTrips(z.object({ n: z.string().transform((s) => s.length) }));
  });

  it('refuses what it cannot satisfy, naming the field', () => {
    const cases: Array<[z.ZodType, RegExp]> = [
      [z.object({ code: z.string().regex(/^[A-Z]{3}$/) }), /code: string format "regex"/],
      [z.object({ a: z.string() }).refine(() => true), /\(root\): object with refinements/],
      [z.object({ any: z.custom<string>(() => true) }), /any: zod type "custom"/],
      [z.object({ big: z.bigint() }), /big: zod type "bigint"/],
    ];
    for (const [schema, message] of cases) {
      expect(() => sampleInput(schema)).toThrow(UnsampleableSchemaError);
      expect(() => sampleInput(schema)).toThrow(message);
    }
  });
});

describe('inputKeys', () => {
  it('lists the top-level keys of object inputs through wrappers', () => {
    expect(inputKeys(z.object({ workspaceId: z.uuid(), b: z.string() }).optional())).toEqual([
      'workspaceId',
      'b',
    ]);
    expect(inputKeys(z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]))).toEqual([
      'a',
      'b',
    ]);
    expect(inputKeys(z.string())).toEqual([]);
  });
});
