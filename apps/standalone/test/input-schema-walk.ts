/*
 * Walks a zod 4 input schema (by its definition, `schema._zod.def`) down to
 * the places where a caller sends text: string fields, string-like pipes
 * (`z.string().trim().pipe(z.email())`) and record keys. The text-rule test
 * parses hostile strings at each of them; the fuzz suite uses the same walk.
 */

export interface ZodDef {
  type: string;
  [key: string]: unknown;
}

export interface ZodLike {
  _zod: { def: ZodDef };
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
  };
}

export function isZod(value: unknown): value is ZodLike {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

export interface TextLeaf {
  /** Dotted path from the input's root (`labels.<key>` for record keys, `items.0` for arrays). */
  path: string;
  /** Path segments as zod reports them in issues. */
  segments: Array<string | number>;
  /** The schema a value at this place is parsed with. */
  schema: ZodLike;
  kind: 'value' | 'record-key';
}

/** A place in the input the walk cannot judge (`z.any()`, `z.unknown()`, `z.custom()`...). */
export interface OpaqueLeaf {
  path: string;
  type: string;
}

const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'nonoptional',
  'catch',
]);
const NON_TEXT = new Set([
  'number',
  'bigint',
  'boolean',
  'date',
  'null',
  'undefined',
  'enum',
  'literal',
  'nan',
  'void',
  'never',
  'file',
]);

function stringLike(schema: unknown): boolean {
  if (!isZod(schema)) return false;
  const def = schema._zod.def;
  if (def.type === 'string' || def.type === 'template_literal') return true;
  if (def.type === 'pipe') return stringLike(def.in);
  return false;
}

/** Every text leaf of `schema`, and every part the walk could not see into. */
export function textLeaves(schema: unknown): { leaves: TextLeaf[]; opaque: OpaqueLeaf[] } {
  const leaves: TextLeaf[] = [];
  const opaque: OpaqueLeaf[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, segments: Array<string | number>): void => {
    const path = segments.join('.');
    if (!isZod(node)) {
      opaque.push({ path, type: 'not a zod schema' });
      return;
    }
    const def = node._zod.def;
    if (stringLike(node)) {
      leaves.push({ path, segments, schema: node, kind: 'value' });
      return;
    }
    if (NON_TEXT.has(def.type)) return;
    if (WRAPPERS.has(def.type)) return walk(def.innerType, segments);
    switch (def.type) {
      case 'lazy': {
        if (seen.has(node)) return;
        seen.add(node);
        return walk((def.getter as () => unknown)(), segments);
      }
      case 'pipe':
        return walk(def.in, segments);
      case 'object':
        for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
          walk(field, [...segments, key]);
        }
        if (def.catchall && isZod(def.catchall) && def.catchall._zod.def.type !== 'never') {
          walk(def.catchall, [...segments, '<extra key>']);
        }
        return;
      case 'array':
        return walk(def.element, [...segments, 0]);
      case 'set':
        return walk(def.valueType, [...segments, 0]);
      case 'tuple':
        (def.items as unknown[]).forEach((item, i) => walk(item, [...segments, i]));
        return;
      case 'record':
      case 'map':
        if (stringLike(def.keyType)) {
          leaves.push({
            path: `${path}.<key>`,
            segments,
            schema: def.keyType as ZodLike,
            kind: 'record-key',
          });
        } else walk(def.keyType, [...segments, '<key>']);
        return walk(def.valueType, [...segments, '<value>']);
      case 'union':
        for (const option of def.options as unknown[]) walk(option, segments);
        return;
      case 'intersection':
        walk(def.left, segments);
        walk(def.right, segments);
        return;
      default:
        opaque.push({ path, type: def.type });
    }
  };
  walk(schema, []);
  return { leaves, opaque };
}
