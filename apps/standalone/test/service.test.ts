import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, workspaces } from '@vibemonitor/db';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

let stack: TestStack;
let ada: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  ada = await createSignedInUser(stack, { name: 'Ada' });
});
afterAll(async () => {
  await stack?.close();
});

async function freshWorkspace(
  members: Array<{ user: TestUser; role?: 'user' | 'owner' }> = [],
): Promise<string> {
  return createTeam(stack, ada, members, 'Services');
}

async function createServices(workspaceId: string, names: string[]): Promise<void> {
  for (const name of names) await ada.client.service.create.mutate({ workspaceId, name });
}

async function setPlan(workspaceId: string, planId: 'free' | 'pro'): Promise<void> {
  await stack.runtime.database.db
    .update(workspaces)
    .set({ planId })
    .where(eq(workspaces.id, workspaceId));
}

const FREE_LIMIT_MESSAGE =
  'The Free plan allows 5 services and this workspace has 5. Upgrade to Pro for more services.';

describe('service.create', () => {
  it('creates a service with its telemetry identity', async () => {
    const workspaceId = await freshWorkspace();
    const created = await ada.client.service.create.mutate({
      workspaceId,
      name: '  checkout-api ',
      description: 'Takes payments',
      aliases: ['checkout', ' co-api '],
      labelMatchers: {
        prometheus: { job: 'checkout', namespace: 'prod' },
        loki: { app: 'checkout' },
      },
    });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'checkout-api',
      description: 'Takes payments',
      aliases: ['checkout', 'co-api'],
      labelMatchers: {
        prometheus: { job: 'checkout', namespace: 'prod' },
        loki: { app: 'checkout' },
      },
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const minimal = await ada.client.service.create.mutate({ workspaceId, name: 'worker' });
    expect(minimal).toMatchObject({ description: null, aliases: [], labelMatchers: {} });
  });

  it('validates label names and values per source, naming the offending field', async () => {
    const workspaceId = await freshWorkspace();
    const badName = await failure(
      ada.client.service.create.mutate({
        workspaceId,
        name: 'api',
        labelMatchers: { prometheus: { '1job': 'api' } },
      }),
    );
    expect(badName.code).toBe('BAD_REQUEST');
    expect(badName.validation).toEqual([
      {
        path: 'labelMatchers.prometheus.1job',
        message:
          '"1job" is not a valid label name: label names start with a letter or underscore and contain only letters, digits and underscores.',
      },
    ]);
    const badSource = await failure(
      ada.client.service.create.mutate({
        workspaceId,
        name: 'api',
        labelMatchers: { promethues: { job: 'api' } } as unknown as {
          prometheus: Record<string, string>;
        },
      }),
    );
    expect(badSource.validation?.[0]?.message).toBe(
      'Label matchers are supported for prometheus and loki only; remove promethues.',
    );
    const emptyValue = await failure(
      ada.client.service.create.mutate({
        workspaceId,
        name: 'api',
        labelMatchers: { loki: { app: '' } },
      }),
    );
    expect(emptyValue.validation?.[0]).toEqual({
      path: 'labelMatchers.loki.app',
      message: 'Label values cannot be empty: leave the label out instead.',
    });
    const emptyName = await failure(ada.client.service.create.mutate({ workspaceId, name: ' ' }));
    expect(emptyName.validation).toEqual([{ path: 'name', message: 'Enter a service name.' }]);
    const dupAliases = await failure(
      ada.client.service.create.mutate({ workspaceId, name: 'api', aliases: ['API-1', 'api-1'] }),
    );
    expect(dupAliases.validation?.[0]?.message).toBe(
      'Aliases must be different from each other (ignoring case).',
    );
    const aliasIsName = await failure(
      ada.client.service.create.mutate({ workspaceId, name: 'api', aliases: ['API'] }),
    );
    expect(aliasIsName.code).toBe('BAD_REQUEST');
    expect(aliasIsName.message).toBe(
      '"api" is the service\'s name already: it cannot be an alias too.',
    );
    expect((await ada.client.service.count.query({ workspaceId })).count).toBe(0);
  });

  it('refuses a name or alias another service already uses, ignoring case (CONFLICT)', async () => {
    const workspaceId = await freshWorkspace();
    await ada.client.service.create.mutate({
      workspaceId,
      name: 'checkout-api',
      aliases: ['checkout'],
    });
    const sameName = await failure(
      ada.client.service.create.mutate({ workspaceId, name: 'Checkout-API' }),
    );
    expect(sameName.code).toBe('CONFLICT');
    expect(sameName.message).toBe('"Checkout-API" is already a service in this workspace.');
    const nameIsAlias = await failure(
      ada.client.service.create.mutate({ workspaceId, name: 'CHECKOUT' }),
    );
    expect(nameIsAlias.code).toBe('CONFLICT');
    expect(nameIsAlias.message).toBe(
      '"CHECKOUT" is already an alias of the service "checkout-api" in this workspace.',
    );
    const aliasIsName = await failure(
      ada.client.service.create.mutate({
        workspaceId,
        name: 'payments',
        aliases: ['checkout-api'],
      }),
    );
    expect(aliasIsName.code).toBe('CONFLICT');
    expect((await ada.client.service.count.query({ workspaceId })).count).toBe(1);
  });

  it('lets plain members list and count but not create', async () => {
    const member = await createSignedInUser(stack);
    const workspaceId = await freshWorkspace([{ user: member }]);
    await ada.client.service.create.mutate({ workspaceId, name: 'api' });
    expect(
      (await member.client.service.list.query({ workspaceId })).items.map((s) => s.name),
    ).toEqual(['api']);
    expect(await member.client.service.count.query({ workspaceId })).toEqual({
      count: 1,
      limit: 5,
      plan: 'free',
    });
    expect(
      (await failure(member.client.service.create.mutate({ workspaceId, name: 'mine' }))).code,
    ).toBe('FORBIDDEN');
  });
});

describe('plan limits', () => {
  it('stops a Free workspace at 5 services with PAYMENT_REQUIRED', async () => {
    const workspaceId = await freshWorkspace();
    expect(await ada.client.service.count.query({ workspaceId })).toEqual({
      count: 0,
      limit: 5,
      plan: 'free',
    });
    await createServices(workspaceId, ['a', 'b', 'c', 'd', 'e']);
    expect(await ada.client.service.count.query({ workspaceId })).toEqual({
      count: 5,
      limit: 5,
      plan: 'free',
    });
    const sixth = await failure(ada.client.service.create.mutate({ workspaceId, name: 'f' }));
    expect(sixth.code).toBe('PAYMENT_REQUIRED');
    expect(sixth.httpStatus).toBe(402);
    expect(sixth.message).toBe(FREE_LIMIT_MESSAGE);
    expect(sixth.details).toEqual({ plan: 'free', limit: 5, count: 5 });
    expect((await ada.client.service.count.query({ workspaceId })).count).toBe(5);

    // Deleting one frees a slot.
    const [first] = (await ada.client.service.list.query({ workspaceId })).items;
    await ada.client.service.delete.mutate({ workspaceId, serviceId: first!.id });
    await expect(
      ada.client.service.create.mutate({ workspaceId, name: 'f' }),
    ).resolves.toMatchObject({ name: 'f' });
  });

  it('applies to the personal workspace too', async () => {
    const grace = await createSignedInUser(stack);
    const workspaceId = grace.personalWorkspaceId;
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await grace.client.service.create.mutate({ workspaceId, name });
    expect(
      (await failure(grace.client.service.create.mutate({ workspaceId, name: 'f' }))).code,
    ).toBe('PAYMENT_REQUIRED');
  });

  it('lets only one of several concurrent creates take the last free slot', async () => {
    const workspaceId = await freshWorkspace();
    await createServices(workspaceId, ['a', 'b', 'c', 'd']);
    const results = await Promise.allSettled(
      ['x', 'y', 'z'].map((name) => ada.client.service.create.mutate({ workspaceId, name })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((await failure(Promise.reject((result as PromiseRejectedResult).reason))).code).toBe(
        'PAYMENT_REQUIRED',
      );
    }
    const rows = await stack.runtime.database.db
      .select()
      .from(services)
      .where(eq(services.workspaceId, workspaceId));
    expect(rows).toHaveLength(5);
  });

  it('lets a Pro workspace go past 5 (10 included), and a downgrade stop new ones', async () => {
    const workspaceId = await freshWorkspace();
    await setPlan(workspaceId, 'pro');
    await createServices(workspaceId, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(await ada.client.service.count.query({ workspaceId })).toEqual({
      count: 7,
      limit: 10,
      plan: 'pro',
    });
    await setPlan(workspaceId, 'free');
    const error = await failure(ada.client.service.create.mutate({ workspaceId, name: 'h' }));
    expect(error.code).toBe('PAYMENT_REQUIRED');
    expect(error.details).toEqual({ plan: 'free', limit: 5, count: 7 });
    // Existing services stay usable after a downgrade.
    const [first] = (await ada.client.service.list.query({ workspaceId })).items;
    await expect(
      ada.client.service.update.mutate({
        workspaceId,
        serviceId: first!.id,
        description: 'still here',
      }),
    ).resolves.toMatchObject({
      description: 'still here',
    });
  });
});

describe('service.list', () => {
  it('pages through services in creation order and only shows the workspace’s own', async () => {
    const workspaceId = await freshWorkspace();
    const other = await freshWorkspace();
    await createServices(workspaceId, ['a', 'b', 'c']);
    await createServices(other, ['not-mine']);
    const first = await ada.client.service.list.query({ workspaceId, limit: 2 });
    expect(first.items.map((s) => s.name)).toEqual(['a', 'b']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ada.client.service.list.query({
      workspaceId,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'c' })], nextCursor: null });
    const bad = await failure(ada.client.service.list.query({ workspaceId, cursor: 'garbage' }));
    expect(bad.code).toBe('BAD_REQUEST');
    const tooMany = await failure(ada.client.service.list.query({ workspaceId, limit: 1000 }));
    expect(tooMany.validation?.[0]?.path).toBe('limit');
  });
});

describe('service.update', () => {
  it('changes only the fields given and replaces aliases and label matchers whole', async () => {
    const workspaceId = await freshWorkspace();
    const created = await ada.client.service.create.mutate({
      workspaceId,
      name: 'api',
      description: 'The API',
      aliases: ['backend'],
      labelMatchers: { prometheus: { job: 'api' }, loki: { app: 'api' } },
    });
    const renamed = await ada.client.service.update.mutate({
      workspaceId,
      serviceId: created.id,
      name: 'public-api',
    });
    expect(renamed).toMatchObject({
      name: 'public-api',
      description: 'The API',
      aliases: ['backend'],
      labelMatchers: { prometheus: { job: 'api' }, loki: { app: 'api' } },
    });
    const relabelled = await ada.client.service.update.mutate({
      workspaceId,
      serviceId: created.id,
      description: null,
      aliases: [],
      labelMatchers: { loki: { service_name: 'public-api' } },
    });
    expect(relabelled).toMatchObject({
      name: 'public-api',
      description: null,
      aliases: [],
      labelMatchers: { loki: { service_name: 'public-api' } },
    });
    expect(relabelled.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  });

  it('refuses names and aliases of other services, but not its own', async () => {
    const workspaceId = await freshWorkspace();
    const api = await ada.client.service.create.mutate({
      workspaceId,
      name: 'api',
      aliases: ['backend'],
    });
    await ada.client.service.create.mutate({ workspaceId, name: 'web', aliases: ['frontend'] });
    await expect(
      ada.client.service.update.mutate({
        workspaceId,
        serviceId: api.id,
        name: 'API',
        aliases: ['Backend'],
      }),
    ).resolves.toMatchObject({
      name: 'API',
    });
    expect(
      (
        await failure(
          ada.client.service.update.mutate({ workspaceId, serviceId: api.id, name: 'web' }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect(
      (
        await failure(
          ada.client.service.update.mutate({
            workspaceId,
            serviceId: api.id,
            aliases: ['frontend'],
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    const aliasIsName = await failure(
      ada.client.service.update.mutate({ workspaceId, serviceId: api.id, aliases: ['api'] }),
    );
    expect(aliasIsName.code).toBe('BAD_REQUEST');
  });

  it("answers NOT_FOUND for another workspace's service and leaves it unchanged", async () => {
    const mine = await freshWorkspace();
    const grace = await createSignedInUser(stack);
    const theirs = await grace.client.service.create.mutate({
      workspaceId: grace.personalWorkspaceId,
      name: 'secret',
    });
    expect(
      (
        await failure(
          ada.client.service.update.mutate({
            workspaceId: mine,
            serviceId: theirs.id,
            name: 'pwned',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (await failure(ada.client.service.delete.mutate({ workspaceId: mine, serviceId: theirs.id })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await grace.client.service.list.query({ workspaceId: grace.personalWorkspaceId })).items.map(
        (s) => s.name,
      ),
    ).toEqual(['secret']);
  });
});

describe('service.delete', () => {
  it('deletes a service; deleting it again is NOT_FOUND', async () => {
    const workspaceId = await freshWorkspace();
    const api = await ada.client.service.create.mutate({ workspaceId, name: 'api' });
    expect(await ada.client.service.delete.mutate({ workspaceId, serviceId: api.id })).toEqual({
      ok: true,
    });
    expect((await ada.client.service.list.query({ workspaceId })).items).toEqual([]);
    const again = await failure(
      ada.client.service.delete.mutate({ workspaceId, serviceId: api.id }),
    );
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toBe('Service not found in this workspace.');
  });
});
