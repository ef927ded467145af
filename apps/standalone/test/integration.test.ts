import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueDueHealthChecks } from '@vibemonitor/core';
import {
  grafanaCredentials,
  integrations,
  lokiCredentials,
  prometheusCredentials,
} from '@vibemonitor/db';
import {
  sendJson,
  startFakeGrafana,
  startFakeLoki,
  startLocalHttpServer,
  startRecordingListener,
  type FakeGrafana,
  type FakeLoki,
  type LocalHttpServer,
} from '@vibemonitor/integrations/testing';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

const LOKI_TOKEN = 'loki-secret-token-7a3f';
const PROM_PASSWORD = 'prom-password-91b2';

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let workspaceId: string;
let loki: FakeLoki;
let grafana: FakeGrafana;
let prometheus: LocalHttpServer;

beforeAll(async () => {
  // Everything here runs on loopback: allow private URLs explicitly (distributed mode defaults to off).
  stack = await startTestStack({ env: { ALLOW_PRIVATE_INTEGRATION_URLS: 'true' } });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  outsider = await createSignedInUser(stack, { name: 'Outsider' });
  workspaceId = await createTeam(stack, owner, [{ user: member }]);
  loki = await startFakeLoki({
    credentials: { bearer: LOKI_TOKEN },
    streams: [
      { labels: { app: 'api' }, entries: [{ at: new Date(Date.now() - 60_000), line: 'hello' }] },
    ],
  });
  grafana = await startFakeGrafana({
    datasources: [
      {
        uid: 'logs',
        name: 'Logs',
        type: 'loki',
        url: loki.url,
        upstreamAuthorization: `Bearer ${LOKI_TOKEN}`,
      },
    ],
  });
  // A Prometheus-compatible server behind basic auth, answering just what the check asks.
  prometheus = await startLocalHttpServer((req, res, url) => {
    const expected = `Basic ${Buffer.from(`metrics:${PROM_PASSWORD}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return sendJson(res, 401, { status: 'error', error: 'unauthorized' });
    if (url.pathname === '/api/v1/status/buildinfo')
      return sendJson(res, 200, { status: 'success', data: { version: '2.53.0' } });
    if (url.pathname === '/api/v1/query') {
      return sendJson(res, 200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, '1'] }] },
      });
    }
    sendJson(res, 404, { status: 'error', error: 'not found' });
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await grafana?.close();
  await loki?.close();
  await prometheus?.close();
});

const lokiConfig = (token = LOKI_TOKEN) => ({
  provider: 'loki' as const,
  url: loki.url,
  auth: { type: 'bearer' as const, token },
});

describe('integration.available', () => {
  it('lists the providers with their fields and the private-URL setting', async () => {
    const { providers, allowPrivateUrls } = await member.client.integration.available.query({
      workspaceId,
    });
    expect(allowPrivateUrls).toBe(true);
    expect(providers.map((p) => p.provider)).toEqual([
      'grafana',
      'prometheus',
      'loki',
      'cloudwatch',
      'datadog',
      'newrelic',
    ]);
    const grafanaFields = providers[0]?.fields.map((f) => [f.name, f.required, f.secret]);
    expect(grafanaFields).toEqual([
      ['url', true, false],
      ['token', true, true],
    ]);
    expect(providers[1]?.authTypes).toEqual(['none', 'bearer', 'basic']);
  });
});

describe('integration.test', () => {
  it('reports a working configuration as healthy without saving it', async () => {
    const { check } = await owner.client.integration.test.mutate({ workspaceId, ...lokiConfig() });
    expect(check).toMatchObject({ status: 'healthy', message: null, version: '3.0.0-fake' });
    expect((await owner.client.integration.list.query({ workspaceId })).integrations).toEqual([]);
  });

  it('reports a rejected token as a failing check that says so', async () => {
    const { check } = await owner.client.integration.test.mutate({
      workspaceId,
      ...lokiConfig('wrong-token'),
    });
    expect(check.status).toBe('failing');
    expect(check.message).toBe(
      `Loki at ${loki.url} refused the request (HTTP 401): the token was rejected.`,
    );
  });

  it('names a refused connection and a host that does not resolve', async () => {
    const refused = await owner.client.integration.test.mutate({
      workspaceId,
      provider: 'prometheus',
      url: 'http://127.0.0.1:1',
    });
    expect(refused.check.message).toBe(
      'Connection refused by 127.0.0.1:1: nothing is listening there.',
    );
    const dns = await owner.client.integration.test.mutate({
      workspaceId,
      provider: 'grafana',
      url: 'http://no-such-host.invalid',
      token: 'x',
    });
    expect(dns.check).toMatchObject({
      status: 'failing',
      message: expect.stringMatching(/^Could not resolve host no-such-host\.invalid/),
    });
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const redirector = await startLocalHttpServer((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    try {
      const { check } = await owner.client.integration.test.mutate({
        workspaceId,
        provider: 'prometheus',
        url: redirector.url,
      });
      expect(check.status).toBe('failing');
      expect(check.message).toBe(
        'http://169.254.169.254 points at a link-local/cloud metadata address (169.254.169.254), which is never allowed.',
      );
    } finally {
      await redirector.close();
    }
  });

  it('is for owners only', async () => {
    expect(
      (await failure(member.client.integration.test.mutate({ workspaceId, ...lokiConfig() }))).code,
    ).toBe('FORBIDDEN');
  });
});

describe('integration.connect', () => {
  it('connects Loki, encrypts the token and never returns it', async () => {
    const result = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Logs',
      ...lokiConfig(),
    });
    expect(result.integration).toMatchObject({
      provider: 'loki',
      name: 'Logs',
      url: loki.url,
      auth: { type: 'bearer', username: null, secretLast4: '7a3f' },
      health: { status: 'healthy', lastError: null, lastCheckedAt: expect.any(Date) },
      version: '3.0.0-fake',
    });
    expect(JSON.stringify(result)).not.toContain(LOKI_TOKEN);
    const listed = await member.client.integration.list.query({ workspaceId });
    expect(JSON.stringify(listed)).not.toContain(LOKI_TOKEN);

    const [stored] = await stack.runtime.database.db
      .select()
      .from(lokiCredentials)
      .where(eq(lokiCredentials.integrationId, result.integration.id));
    expect(stored?.bearerTokenEnc).toMatch(/^v1:/);
    expect(stored?.bearerTokenEnc).not.toContain(LOKI_TOKEN);
    expect(stack.runtime.secrets.decryptSecret(stored!.bearerTokenEnc!)).toBe(LOKI_TOKEN);
    const [row] = await stack.runtime.database.db
      .select()
      .from(integrations)
      .where(eq(integrations.id, result.integration.id));
    expect(JSON.stringify(row?.config)).not.toContain(LOKI_TOKEN);
  });

  it('saves nothing when the check fails, and says why', async () => {
    const before = (await owner.client.integration.list.query({ workspaceId })).integrations.length;
    const error = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        name: 'Bad',
        ...lokiConfig('nope-nope-nope'),
      }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      `Nothing was saved: Loki at ${loki.url} refused the request (HTTP 401): the token was rejected.`,
    );
    expect((await owner.client.integration.list.query({ workspaceId })).integrations).toHaveLength(
      before,
    );
  });

  it('connects Grafana and discovers its datasources', async () => {
    const { integration, check } = await owner.client.integration.connect.mutate({
      workspaceId,
      provider: 'grafana',
      url: `${grafana.url}/`,
      token: grafana.token,
    });
    expect(check.status).toBe('healthy');
    expect(integration).toMatchObject({
      name: `Grafana (${new URL(grafana.url).host})`,
      url: grafana.url,
      auth: { type: 'token', secretLast4: grafana.token.slice(-4) },
      version: '11.3.0',
      datasources: [{ uid: 'logs', name: 'Logs', type: 'loki', isDefault: false }],
    });
    const [stored] = await stack.runtime.database.db
      .select()
      .from(grafanaCredentials)
      .where(eq(grafanaCredentials.integrationId, integration.id));
    expect(stack.runtime.secrets.decryptSecret(stored!.tokenEnc)).toBe(grafana.token);
  });

  it('connects Prometheus with basic auth', async () => {
    const { integration } = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Metrics',
      provider: 'prometheus',
      url: prometheus.url,
      auth: { type: 'basic', username: 'metrics', password: PROM_PASSWORD },
    });
    expect(integration).toMatchObject({
      auth: { type: 'basic', username: 'metrics', secretLast4: '91b2' },
      version: '2.53.0',
    });
    const [stored] = await stack.runtime.database.db
      .select()
      .from(prometheusCredentials)
      .where(eq(prometheusCredentials.integrationId, integration.id));
    expect(stored).toMatchObject({ username: 'metrics', bearerTokenEnc: null });
    expect(stack.runtime.secrets.decryptSecret(stored!.passwordEnc!)).toBe(PROM_PASSWORD);
  });

  it('refuses a second integration with the same name', async () => {
    const error = await failure(
      owner.client.integration.connect.mutate({ workspaceId, name: 'Logs', ...lokiConfig() }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('An integration named "Logs" already exists');
  });

  it('validates the URL and the fields', async () => {
    const withCredentials = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'grafana',
        url: 'http://admin:pw@127.0.0.1:3000',
        token: 't',
      }),
    );
    expect(withCredentials.message).toContain('not inside the URL');
    const scheme = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'grafana',
        url: 'file:///etc/passwd',
        token: 't',
      }),
    );
    expect(scheme.code).toBe('BAD_REQUEST');
    const missingToken = await failure(
      owner.client.integration.connect.mutate({
        workspaceId,
        provider: 'grafana',
        url: grafana.url,
      } as never),
    );
    expect(missingToken.code).toBe('BAD_REQUEST');
  });

  it('is for owners only, and for members of the workspace only', async () => {
    expect(
      (await failure(member.client.integration.connect.mutate({ workspaceId, ...lokiConfig() })))
        .code,
    ).toBe('FORBIDDEN');
    expect((await failure(outsider.client.integration.list.query({ workspaceId }))).code).toBe(
      'FORBIDDEN',
    );
  });
});

async function integrationNamed(name: string) {
  const found = (await owner.client.integration.list.query({ workspaceId })).integrations.find(
    (i) => i.name === name,
  );
  if (!found) throw new Error(`no integration named ${name}`);
  return found;
}

describe('integration.update', () => {
  it('renames without calling the integration', async () => {
    const logs = await integrationNamed('Logs');
    const before = loki.requests.length;
    const { integration, check } = await owner.client.integration.update.mutate({
      workspaceId,
      integrationId: logs.id,
      name: 'Loki logs',
    });
    expect(check).toBeNull();
    expect(integration.name).toBe('Loki logs');
    expect(loki.requests.length).toBe(before);
  });

  it('keeps the stored token when a new one is rejected', async () => {
    const logs = await integrationNamed('Loki logs');
    const error = await failure(
      owner.client.integration.update.mutate({
        workspaceId,
        integrationId: logs.id,
        auth: { type: 'bearer', token: 'rejected-token' },
      }),
    );
    expect(error.message).toMatch(/^Nothing was changed: .*the token was rejected\.$/);
    const { check } = await owner.client.integration.healthCheck.mutate({
      workspaceId,
      integrationId: logs.id,
    });
    expect(check.status).toBe('healthy');
  });

  it('keeps a basic-auth password that was left out, and requires it for a new username', async () => {
    const metrics = await integrationNamed('Metrics');
    const { integration, check } = await owner.client.integration.update.mutate({
      workspaceId,
      integrationId: metrics.id,
      url: `${prometheus.url}/`,
      auth: { type: 'basic', username: 'metrics' },
    });
    expect(check).toBeNull();
    expect(integration.auth.secretLast4).toBe('91b2');
    const error = await failure(
      owner.client.integration.update.mutate({
        workspaceId,
        integrationId: metrics.id,
        auth: { type: 'basic', username: 'someone-else' },
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'Enter the password.' });
  });

  it('switches Prometheus to no auth after checking it, which fails here', async () => {
    const metrics = await integrationNamed('Metrics');
    const error = await failure(
      owner.client.integration.update.mutate({
        workspaceId,
        integrationId: metrics.id,
        auth: { type: 'none' },
      }),
    );
    expect(error.message).toContain('it requires credentials');
  });

  it('requires the token or password again when the URL moves to another origin, sending nothing', async () => {
    const elsewhere = await startRecordingListener();
    try {
      const logs = await integrationNamed('Loki logs');
      const metrics = await integrationNamed('Metrics');
      const grafanaIntegration = (
        await owner.client.integration.list.query({ workspaceId })
      ).integrations.find((i) => i.provider === 'grafana');
      const newUrl = `http://127.0.0.1:${elsewhere.port}`;
      const attempts = [
        { integrationId: logs.id, url: newUrl },
        { integrationId: logs.id, url: newUrl, auth: { type: 'bearer' as const } },
        { integrationId: grafanaIntegration!.id, url: newUrl },
      ];
      for (const attempt of attempts) {
        const error = await failure(
          owner.client.integration.update.mutate({ workspaceId, ...attempt }),
        );
        expect(error).toMatchObject({
          code: 'BAD_REQUEST',
          message: 'Changing the URL requires entering the token again',
        });
      }
      for (const auth of [undefined, { type: 'basic' as const, username: 'metrics' }]) {
        const error = await failure(
          owner.client.integration.update.mutate({
            workspaceId,
            integrationId: metrics.id,
            url: newUrl,
            ...(auth ? { auth } : {}),
          }),
        );
        expect(error).toMatchObject({
          code: 'BAD_REQUEST',
          message: 'Changing the URL requires entering the password again',
        });
      }
      expect(elsewhere.connections()).toBe(0);
      expect((await integrationNamed('Loki logs')).url).toBe(loki.url);

      // Same server under another origin (localhost vs 127.0.0.1): accepted once the token is entered.
      const moved = `http://localhost:${new URL(loki.url).port}`;
      const { integration, check } = await owner.client.integration.update.mutate({
        workspaceId,
        integrationId: logs.id,
        url: moved,
        auth: { type: 'bearer', token: LOKI_TOKEN },
      });
      expect(check?.status).toBe('healthy');
      expect(integration.url).toBe(moved);
      await owner.client.integration.update.mutate({
        workspaceId,
        integrationId: logs.id,
        url: loki.url,
        auth: { type: 'bearer', token: LOKI_TOKEN },
      });
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses integrations of another workspace as not found', async () => {
    const logs = await integrationNamed('Loki logs');
    const error = await failure(
      outsider.client.integration.update.mutate({
        workspaceId: outsider.personalWorkspaceId,
        integrationId: logs.id,
        name: 'Mine',
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('integration.healthCheck and the scheduled checks', () => {
  it('runs a check now for any member and stores status, error and time', async () => {
    const logs = await integrationNamed('Loki logs');
    loki.setNotReady('Ingester not ready: waiting for 15s after being ready');
    try {
      const { integration, check } = await member.client.integration.healthCheck.mutate({
        workspaceId,
        integrationId: logs.id,
      });
      expect(check.status).toBe('degraded');
      expect(integration.health).toEqual({
        status: 'degraded',
        lastError: 'Loki is not ready yet: Ingester not ready: waiting for 15s after being ready',
        lastCheckedAt: expect.any(Date),
      });
      expect((await integrationNamed('Loki logs')).health.status).toBe('degraded');
    } finally {
      loki.setNotReady(undefined);
    }
  });

  it('marks an integration failing when its server is gone, in plain words', async () => {
    const gone = await startFakeLoki();
    const { integration } = await owner.client.integration.connect.mutate({
      workspaceId,
      name: 'Short-lived',
      provider: 'loki',
      url: gone.url,
    });
    await gone.close();
    const { check } = await owner.client.integration.healthCheck.mutate({
      workspaceId,
      integrationId: integration.id,
    });
    expect(check).toMatchObject({
      status: 'failing',
      message: `Connection refused by ${new URL(gone.url).host}: nothing is listening there.`,
    });
    await owner.client.integration.disconnect.mutate({
      workspaceId,
      integrationId: integration.id,
    });
  });

  it('enqueues checks for integrations not checked recently, and the worker runs them', async () => {
    const db = stack.runtime.database.db;
    const logs = await integrationNamed('Loki logs');
    const stale = new Date(Date.now() - 60 * 60_000);
    await db
      .update(integrations)
      .set({ lastCheckedAt: stale, healthStatus: 'unknown' })
      .where(eq(integrations.workspaceId, workspaceId));
    // A fresh one is not due.
    await db
      .update(integrations)
      .set({ lastCheckedAt: new Date() })
      .where(eq(integrations.id, logs.id));
    const enqueued = await enqueueDueHealthChecks({ db, queue: stack.runtime.jobs.queue });
    expect(enqueued).toBe(
      (await owner.client.integration.list.query({ workspaceId })).integrations.length - 1,
    );
    await expect
      .poll(
        async () =>
          (await owner.client.integration.list.query({ workspaceId })).integrations
            .filter((i) => i.id !== logs.id)
            .map((i) => i.health.status),
        {
          timeout: 20_000,
          interval: 200,
        },
      )
      .toEqual(expect.not.arrayContaining(['unknown']));
    const checked = (
      await owner.client.integration.list.query({ workspaceId })
    ).integrations.filter((i) => i.id !== logs.id);
    expect(checked.every((i) => (i.health.lastCheckedAt?.getTime() ?? 0) > stale.getTime())).toBe(
      true,
    );
  });
});

describe('integration.disconnect', () => {
  it('removes the integration and its credentials', async () => {
    const logs = await integrationNamed('Loki logs');
    expect(
      (
        await failure(
          member.client.integration.disconnect.mutate({ workspaceId, integrationId: logs.id }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await owner.client.integration.disconnect.mutate({ workspaceId, integrationId: logs.id });
    const rows = await stack.runtime.database.db
      .select()
      .from(lokiCredentials)
      .where(eq(lokiCredentials.integrationId, logs.id));
    expect(rows).toEqual([]);
    expect(
      (await owner.client.integration.list.query({ workspaceId })).integrations.map((i) => i.id),
    ).not.toContain(logs.id);
    const again = await failure(
      owner.client.integration.disconnect.mutate({ workspaceId, integrationId: logs.id }),
    );
    expect(again.code).toBe('NOT_FOUND');
  });
});
