import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@vibemonitor/api';
import { isSafeText } from '@vibemonitor/contracts';
import { startTestStack, type TestStack } from './harness.js';
import { textLeaves, type TextLeaf } from './input-schema-walk.js';
import { sampleInput, UnsampleableSchemaError } from './isolation-sample-input.js';
import { createSignedInUser, failure, uniqueEmail, type TestUser } from './users.js';

/*
 * One input rule for all text, proven from the router itself: every string a
 * procedure accepts (fields, array items, record keys, at any depth) refuses
 * NUL and lone UTF-16 surrogates at validation, so they become a 400 naming
 * the field instead of a PostgreSQL error (500). A procedure added later is
 * covered without editing this file.
 */

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>,
).map(([path, procedure]) => ({ path, inputs: procedure._def.inputs }));

interface Leaf extends TextLeaf {
  procedure: string;
}

const leaves: Leaf[] = procedures.flatMap(({ path, inputs }) =>
  inputs.flatMap((schema) =>
    textLeaves(schema).leaves.map((leaf) => ({ ...leaf, procedure: path })),
  ),
);
const opaque = procedures.flatMap(({ path, inputs }) =>
  inputs.flatMap((schema) =>
    textLeaves(schema).opaque.map((o) => `${path}: ${o.path} (${o.type})`),
  ),
);

/** Valid values for fields whose custom rules the sampler cannot satisfy. */
const validValues: Record<string, string> = {
  'environment.addRepository:fullName': 'acme/api',
  'environment.removeRepository:fullName': 'acme/api',
  'llmConfig.put:apiVersion': '2024-10-21',
};

/** A value the leaf accepts, when the sampler can build one (else a plain word). */
function validBase(leaf: Leaf): { value: string; sampled: boolean } {
  if (leaf.kind === 'record-key') return { value: 'job', sampled: true };
  const known = validValues[`${leaf.procedure}:${leaf.path}`];
  if (known !== undefined) return { value: known, sampled: true };
  try {
    const value = sampleInput(leaf.schema);
    if (typeof value === 'string') return { value, sampled: true };
  } catch (error) {
    if (!(error instanceof UnsampleableSchemaError)) throw error;
  }
  return { value: 'x', sampled: false };
}

/** NUL and both halves of a surrogate pair, alone, at the start, middle and end of a valid value. */
function hostile(base: string): string[] {
  const middle = Math.floor(base.length / 2);
  return ['\u0000', '\uD800', '\uDC00', '\uDBFF\uDBFF'].flatMap((bad) => [
    `${base}${bad}`,
    `${bad}${base}`,
    `${base.slice(0, middle)}${bad}${base.slice(middle)}`,
  ]);
}

describe('the text rule', () => {
  it('isSafeText keeps well-formed text, astral characters included, and refuses NUL and lone surrogates', () => {
    for (const ok of ['', 'plain', 'émoji 🚀 ok', 'tab\tand\nnewline', '\uD83D\uDE80']) {
      expect(isSafeText(ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of ['a\u0000b', '\uD800', 'x\uDC00', '\uDE80\uD83D', '🚀\uD83D']) {
      expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('the router walk finds the text fields (so the checks below cannot pass vacuously)', () => {
    expect(leaves.length).toBeGreaterThanOrEqual(40);
    const paths = leaves.map((l) => `${l.procedure}:${l.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'auth.register:name',
        'auth.register:email',
        'workspace.create:name',
        'chat.send:message',
      ]),
    );
  });

  it('no procedure input has a part the walk cannot see into (z.any, z.unknown, z.custom)', () => {
    expect(opaque).toEqual([]);
  });

  it('every text field of every procedure refuses NUL and lone surrogates', () => {
    const accepted: string[] = [];
    const invalidBase: string[] = [];
    for (const leaf of leaves) {
      const base = validBase(leaf);
      // Positive control: the refusals below come from the rule, not from a bad base value.
      if (base.sampled && !leaf.schema.safeParse(base.value).success) {
        invalidBase.push(`${leaf.procedure}:${leaf.path} (${JSON.stringify(base.value)})`);
      }
      for (const value of hostile(base.value)) {
        if (leaf.schema.safeParse(value).success) {
          accepted.push(`${leaf.procedure}:${leaf.path} accepted ${JSON.stringify(value)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(invalidBase).toEqual([]);
  });
});

/** fetch refuses TRACE, so methods go through node:http. */
function rawRequest(
  url: string,
  method: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('over HTTP', () => {
  let stack: TestStack;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    user = await createSignedInUser(stack);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('an anonymous sign-up with a NUL in the name is a 400 naming the field', async () => {
    const error = await failure(
      stack.client().auth.register.mutate({
        email: uniqueEmail(),
        password: 'a long enough pass phrase',
        name: 'Eve\u0000',
      }),
    );
    expect(error.httpStatus).toBe(400);
    expect(error.validation).toEqual([expect.objectContaining({ path: 'name' })]);
    expect(error.message).toContain('name: Text must not contain NUL');
  });

  it('sign-up refuses a whitespace-only password, the email, its local part and the name', async () => {
    const email = uniqueEmail('policy');
    for (const password of [
      ' '.repeat(16),
      email.toUpperCase(),
      email.split('@')[0]!,
      'Grace Brewster Hopper',
    ]) {
      const error = await failure(
        stack.client().auth.register.mutate({ email, password, name: 'Grace Brewster Hopper' }),
      );
      expect(error.httpStatus, password).toBe(400);
    }
  });

  it('a lone surrogate in a record key or value (metrics labels) is a 400 naming the field', async () => {
    const error = await failure(
      user.client.metrics.labels.query({
        workspaceId: user.personalWorkspaceId,
        match: ['up{job="\uD800"}'],
      }),
    );
    expect(error.httpStatus).toBe(400);
    expect(error.validation?.[0]?.path).toBe('match.0');
  });

  it('a list cursor dated outside the years 1-9999 is a 400 naming the field, not a database error', async () => {
    // Found by `pnpm fuzz`: "+174756-10-21T..." reached PostgreSQL, which cannot parse it.
    const workspaceId = user.personalWorkspaceId;
    const far = new Date('+174756-10-21T03:33:31.896Z');
    const alerts = await failure(
      user.client.alert.groups.list.query({
        workspaceId,
        cursor: { lastSeenAt: far, id: '1ba61bad-972c-4041-b974-03c50000001f' },
      }),
    );
    expect(alerts.httpStatus).toBe(400);
    expect(alerts.message).toContain(
      'cursor.lastSeenAt: Dates must fall between the years 1 and 9999.',
    );
    const deliveries = await failure(
      user.client.webhook.deliveries.list.query({
        workspaceId,
        endpointId: '00000000-001d-4000-92c3-eaae79e2742c',
        cursor: {
          createdAt: new Date('-197975-04-05T16:12:49.816Z'),
          id: '00000000-001d-4000-92c3-eaae79e2742c',
        },
      }),
    );
    expect(deliveries.httpStatus).toBe(400);
    expect(deliveries.message).toContain('cursor.createdAt: Dates must fall between');
    // An ordinary cursor still pages.
    const page = await user.client.alert.groups.list.query({
      workspaceId,
      cursor: { lastSeenAt: new Date(), id: '1ba61bad-972c-4041-b974-03c50000001f' },
    });
    expect(page.items).toEqual([]);
  });

  it('a NUL in a workspace name is a 400, and a clean name still works', async () => {
    const error = await failure(user.client.workspace.create.mutate({ name: 'Ops\u0000team' }));
    expect(error.httpStatus).toBe(400);
    expect(error.validation?.[0]?.path).toBe('name');
    await expect(user.client.workspace.create.mutate({ name: 'Ops team' })).resolves.toMatchObject({
      name: 'Ops team',
    });
  });

  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH', 'HEAD'])(
    '%s on /trpc is 405 with an Allow header',
    async (method) => {
      const response = await rawRequest(`${stack.url}/trpc/system.info`, method);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET, POST, OPTIONS');
      if (method !== 'HEAD')
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    },
  );

  it('OPTIONS on /trpc is 204 (CORS), and GET still works', async () => {
    const options = await fetch(`${stack.url}/trpc/system.info`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    const get = await fetch(`${stack.url}/trpc/system.info`);
    expect(get.status).toBe(200);
  });
});
