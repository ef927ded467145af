import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, type ProcedureMeta } from '@vibemonitor/api';
import { memberRoles } from '@vibemonitor/contracts';
import { memberships, workspaces } from '@vibemonitor/db';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import { startTestStack, type TestStack } from './harness.js';
import { inputKeys, sampleInput, UnsampleableSchemaError } from './isolation-sample-input.js';
import { createSignedInUser, failure, type TestUser } from './users.js';

/*
 * The tenant-isolation matrix, generated from the router itself: every
 * procedure whose meta says `scope: 'workspace'` is called by a signed-in
 * non-member with another workspace's id (must be FORBIDDEN), and owner-only
 * ones by a plain member (FORBIDDEN too). A procedure added later is covered
 * without editing this file; only inputs the sampler cannot build need an
 * entry in `inputOverrides`.
 */

type ProcedureType = 'query' | 'mutation' | 'subscription';

interface ProcedureEntry {
  path: string;
  type: ProcedureType;
  access: ProcedureMeta['access'];
  inputs: unknown[];
}

// At runtime `_def.procedures` is flat, keyed by dotted path ('member.list'); its
// declared type is the nested router record, hence the cast through unknown.
const procedures: ProcedureEntry[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureType; meta?: ProcedureMeta; inputs: unknown[] } }
  >,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  access: procedure._def.meta?.access,
  inputs: procedure._def.inputs,
}));

const workspaceScoped = procedures.filter((p) => p.access?.scope === 'workspace');
const signedInOnly = procedures.filter(
  (p) => p.access?.scope === 'session' || p.access?.scope === 'workspace',
);

/** Fewer than this many workspace-scoped procedures means the walk is broken, not that the API shrank. */
const MIN_WORKSPACE_PROCEDURES = 10;

/**
 * Inputs for procedures whose schema the sampler cannot satisfy (refinements,
 * regexes, custom types). `workspaceId` is filled in by the matrix.
 */
const inputOverrides: Record<string, Record<string, unknown>> = {
  // Exactly one of token / invitationId (a refinement).
  'invitation.accept': { token: 'not-a-real-invitation-token' },
  'invitation.decline': { token: 'not-a-real-invitation-token' },
  // `owner/name` is checked by a custom rule the sampler cannot satisfy.
  'environment.addRepository': { environmentId: '00000000-0000-4000-8000-000000000000', fullName: 'acme/api' },
  'environment.removeRepository': { environmentId: '00000000-0000-4000-8000-000000000000', fullName: 'acme/api' },
  // Slack channel ids follow a pattern (a regex).
  'slack.setChannel': { channelId: 'C0ISOLATION' },
};

/** Procedures an owner may legitimately be FORBIDDEN from with a sampled input (none so far). */
const forbiddenForOwnersToo = new Set<string>();

function buildInput(entry: ProcedureEntry, workspaceId: string | undefined): unknown {
  let input: Record<string, unknown> | undefined;
  const override = inputOverrides[entry.path];
  if (override) {
    input = { ...override };
  } else {
    for (const schema of entry.inputs) {
      let sampled: unknown;
      try {
        sampled = sampleInput(schema);
      } catch (error) {
        if (!(error instanceof UnsampleableSchemaError)) throw error;
        throw new Error(
          `Cannot build an input for ${entry.path} (${error.message}). ` +
            `Add an entry for '${entry.path}' to inputOverrides in apps/standalone/test/isolation.test.ts.`,
        );
      }
      if (sampled === undefined) continue;
      if (typeof sampled !== 'object' || sampled === null || Array.isArray(sampled)) {
        throw new Error(
          `${entry.path} takes a non-object input; add an entry for it to inputOverrides in apps/standalone/test/isolation.test.ts.`,
        );
      }
      input = { ...input, ...(sampled as Record<string, unknown>) };
    }
  }
  if (workspaceId !== undefined) input = { ...input, workspaceId };
  return input;
}

type Callable = {
  query(input: unknown): Promise<unknown>;
  mutate(input: unknown): Promise<unknown>;
  subscribe(
    input: unknown,
    handlers: { onData: (value: unknown) => void; onError: (error: unknown) => void },
  ): { unsubscribe(): void };
};

/**
 * Calls a procedure by its dotted path. A subscription settles on its first
 * event or error; one that stays quiet for `quietMs` counts as accepted.
 */
function call(
  client: VibeMonitorClient,
  entry: ProcedureEntry,
  input: unknown,
  quietMs = 1_500,
): Promise<unknown> {
  const node = entry.path
    .split('.')
    .reduce<unknown>((n, key) => (n as Record<string, unknown>)[key], client) as Callable;
  if (entry.type === 'query') return node.query(input);
  if (entry.type === 'mutation') return node.mutate(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      resolve('subscribed');
    }, quietMs);
    const subscription = node.subscribe(input, {
      onData: (value) => {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(value);
      },
      onError: (error) => {
        clearTimeout(timer);
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  owner = await createSignedInUser(stack, { name: 'Victim Owner' });
  member = await createSignedInUser(stack, { name: 'Victim Member' });
  outsider = await createSignedInUser(stack, { name: 'Outsider' });
});
afterAll(async () => {
  await stack?.close();
});

/** A team workspace with `owner` as owner and `member` as a plain user, made directly in the database. */
async function victimWorkspace(): Promise<string> {
  const db = stack.runtime.database.db;
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: 'Victim team', type: 'team', ownerUserId: owner.id })
    .returning({ id: workspaces.id });
  await db.insert(memberships).values([
    { workspaceId: workspace!.id, userId: owner.id, role: 'owner' },
    { workspaceId: workspace!.id, userId: member.id, role: 'user' },
  ]);
  return workspace!.id;
}

async function memberCount(workspaceId: string): Promise<number> {
  const [row] = await stack.runtime.database.db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.workspaceId, workspaceId));
  return row?.n ?? 0;
}

describe('procedure access metadata', () => {
  it('every procedure declares a known access scope', () => {
    const problems = procedures.flatMap(({ path, access }) => {
      if (access?.scope === 'public' || access?.scope === 'session') return [];
      if (
        access?.scope === 'workspace' &&
        (memberRoles as readonly string[]).includes(access.minRole)
      )
        return [];
      return [`${path}: ${JSON.stringify(access)}`];
    });
    expect(problems).toEqual([]);
  });

  it('every procedure that takes a workspaceId is workspace-scoped (uses workspaceProcedure)', () => {
    const unscoped = procedures
      .filter(
        (p) =>
          p.access?.scope !== 'workspace' &&
          p.inputs.some((schema) => inputKeys(schema).includes('workspaceId')),
      )
      .map((p) => p.path);
    expect(unscoped).toEqual([]);
  });

  it(`finds at least ${MIN_WORKSPACE_PROCEDURES} workspace-scoped procedures, so the matrix cannot pass vacuously`, () => {
    expect(workspaceScoped.length).toBeGreaterThanOrEqual(MIN_WORKSPACE_PROCEDURES);
    expect(workspaceScoped.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'workspace.get',
        'workspace.delete',
        'member.updateRole',
        'invitation.create',
        'invitation.revoke',
      ]),
    );
  });
});

describe('tenant-isolation matrix', () => {
  it.each(workspaceScoped.map((p) => [p.path, p] as const))(
    '%s refuses non-members and under-privileged members',
    async (_path, entry) => {
      if (entry.access?.scope !== 'workspace')
        throw new Error(`${entry.path} is not workspace-scoped`);
      const minRole = entry.access.minRole;
      const workspaceId = await victimWorkspace();

      const asOutsider = await failure(
        call(outsider.client, entry, buildInput(entry, workspaceId)),
      );
      expect(asOutsider.code, `${entry.path} called by a non-member`).toBe('FORBIDDEN');
      expect(asOutsider.httpStatus).toBe(403);

      if (minRole === 'owner') {
        const asMember = await failure(call(member.client, entry, buildInput(entry, workspaceId)));
        expect(asMember.code, `${entry.path} called by a plain member`).toBe('FORBIDDEN');
      }
      // Refused calls changed nothing.
      expect(await memberCount(workspaceId)).toBe(2);

      // Positive control: with enough rights, the same kind of input is valid and
      // not refused, so the FORBIDDEN above came from the membership check.
      const allowed = minRole === 'owner' ? owner : member;
      const outcome = await call(allowed.client, entry, buildInput(entry, workspaceId)).then(
        () => undefined,
        (error: unknown) => failure(Promise.reject(error)),
      );
      if (outcome) {
        expect(
          outcome.validation,
          `${entry.path}: the sampled input is invalid (${outcome.message})`,
        ).toBeUndefined();
        if (!forbiddenForOwnersToo.has(entry.path)) {
          expect(outcome.code, `${entry.path} refused a ${minRole} (${outcome.message})`).not.toBe(
            'FORBIDDEN',
          );
        }
        expect(outcome.code, `${entry.path}: ${outcome.message}`).not.toBe('INTERNAL_SERVER_ERROR');
      }
    },
  );

  it.each(signedInOnly.map((p) => [p.path, p] as const))(
    '%s refuses anonymous callers',
    async (_path, entry) => {
      const workspaceId = entry.access?.scope === 'workspace' ? await victimWorkspace() : undefined;
      const error = await failure(call(stack.client(), entry, buildInput(entry, workspaceId)));
      expect(error.code).toBe('UNAUTHORIZED');
    },
  );
});
