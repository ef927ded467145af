import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { startFakeNewrelic, type FakeNewrelic } from '../testing/fake-newrelic.js';
import { checkNewrelic } from '../health/check-newrelic.js';
import { createNewrelicClient, serviceLogsNrql } from './newrelic-client.js';
import { nrql, nrqlIdentifier, nrqlString } from './nrql.js';

const t0 = Date.parse('2026-12-07T10:00:00Z');
let fake: FakeNewrelic;

const connect = (apiKey = 'NRAK-TESTKEY', accountId = 1234567) =>
  createNewrelicClient({
    apiKey,
    accountId,
    region: 'EU',
    policy: { allowPrivate: true, timeoutMs: 5_000 },
    baseUrl: fake.url,
  });

async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFakeNewrelic({
    apiKey: 'NRAK-TESTKEY',
    accountId: 1234567,
    now: () => t0 + 3_600_000,
    events: {
      Log: [
        {
          timestamp: t0 + 1_000,
          service: 'orders',
          level: 'error',
          message: 'connection refused to db',
        },
        { timestamp: t0 + 2_000, service: 'orders', level: 'info', message: 'order placed' },
        {
          timestamp: t0 + 3_000,
          service: 'billing',
          level: 'info',
          message: 'card 4111-1111 charged for ops@example.com',
        },
        {
          timestamp: t0 + 4_000,
          service: "o'brien\\svc",
          level: 'info',
          message: 'quoted service name',
        },
      ],
      Transaction: [{ timestamp: t0 + 5_000, appName: 'orders', duration: 0.2 }],
    },
    entities: [{ name: 'orders', guid: 'MTIz', domain: 'APM', type: 'APPLICATION' }],
  });
});
afterAll(() => fake.close());

describe('NRQL building', () => {
  it('quotes strings so no value can end the literal', () => {
    expect(nrqlString("it's")).toBe("'it\\'s'");
    expect(nrqlString('ends with \\')).toBe("'ends with \\\\'");
    expect(
      nrql`SELECT count(*) FROM Log WHERE service = ${"x' OR '1'='1"} SINCE ${new Date(0)}`,
    ).toBe("SELECT count(*) FROM Log WHERE service = 'x\\' OR \\'1\\'=\\'1' SINCE 0");
    expect(
      nrql`SELECT ${nrqlIdentifier('entity.name')} FROM Log WHERE level IN ${['error', 'warn']}`,
    ).toBe("SELECT entity.name FROM Log WHERE level IN ('error', 'warn')");
    expect(() => nrqlIdentifier('name) FROM Secret')).toThrow(/not a New Relic attribute name/);
    expect(() => nrql`LIMIT ${Number.NaN}`).toThrow(/finite/);
    expect(() => nrqlString('line\nbreak')).toThrow(/control characters/);
  });
});

describe('New Relic client (NerdGraph) against the fake', () => {
  it('sends the key in API-Key and the NRQL as a GraphQL variable, and reads the rows', async () => {
    const rows = await connect().query(
      serviceLogsNrql({
        service: 'orders',
        since: new Date(t0),
        until: new Date(t0 + 60_000),
        limit: 10,
      }),
    );
    expect(rows.map((r) => r.message)).toEqual(['order placed', 'connection refused to db']);
    const request = fake.requests.at(-1)!;
    expect(request.headers['api-key']).toBe('NRAK-TESTKEY');
    // A quote and a backslash in a service name are data, matched exactly.
    const odd = await connect().query(
      serviceLogsNrql({
        service: "o'brien\\svc",
        since: new Date(t0),
        until: new Date(t0 + 60_000),
        limit: 10,
      }),
    );
    expect(odd.map((r) => r.message)).toEqual(['quoted service name']);
  });

  it('an injection attempt in a service name or search text returns no extra data', async () => {
    const since = new Date(t0);
    const until = new Date(t0 + 60_000);
    const attacks = [
      { service: "orders') OR (service = 'billing", text: undefined },
      { service: "nobody' OR service != '", text: undefined },
      { service: 'orders\\', text: "x' OR message LIKE '%" },
      { service: 'orders', text: "%' OR service = 'billing" },
    ];
    for (const attack of attacks) {
      const rows = await connect().query(serviceLogsNrql({ ...attack, since, until, limit: 100 }));
      expect(rows.some((r) => r.service === 'billing')).toBe(false);
    }
    // The same query spliced together without escaping (what the original system did) does leak here:
    // the fake parses NRQL as New Relic does, so this test would fail if escaping were missing.
    const unescaped = `SELECT timestamp, message, service, level FROM Log WHERE (service = '${attacks[0]!.service}' OR entity.name = '${attacks[0]!.service}') SINCE ${since.getTime()} UNTIL ${until.getTime()} LIMIT 100`;
    const leaked = await connect().query(unescaped);
    expect(leaked.some((r) => r.service === 'billing')).toBe(true);
  });

  it('evaluates aggregates and facets', async () => {
    const rows = await connect().query(
      nrql`SELECT count(*) FROM Log WHERE level = ${'error'} OR level = ${'info'} FACET service SINCE ${new Date(t0)} UNTIL ${new Date(t0 + 60_000)}`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ facet: 'orders', count: 2 }),
        expect.objectContaining({ facet: 'billing', count: 1 }),
      ]),
    );
  });

  it('validates, searches entities with the name escaped, and names failures', async () => {
    expect(await connect().validate()).toEqual({ user: 'oncall@example.com', account: 'Account' });
    expect((await connect().searchEntities({ name: 'ord' })).map((e) => e.name)).toEqual([
      'orders',
    ]);
    expect(await connect().searchEntities({ name: "x' OR name LIKE '" })).toEqual([]);

    const badKey = await failure(() => connect('NRAK-WRONG').validate());
    expect(badKey.message).toMatch(/rejected the API key .*region \(EU\)/);
    const otherAccount = await failure(() => connect('NRAK-TESTKEY', 42).validate());
    expect(otherAccount.message).toMatch(/account 42 is not visible to this key/);
    const denied = await failure(() =>
      connect('NRAK-TESTKEY', 42).query('SELECT count(*) FROM Log'),
    );
    expect(denied.details?.cause).toBe('permission_missing');
    const syntax = await failure(() => connect().query('SELECT FROM'));
    expect(syntax.code).toBe('VALIDATION_FAILED');
    fake.throttle(1, 9);
    const throttled = await failure(() => connect().validate());
    expect(throttled.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.message).toMatch(/retry in 9 s/);

    expect((await checkNewrelic(connect(), { now: new Date(t0 + 60_000) })).status).toBe('healthy');
    expect((await checkNewrelic(connect('NRAK-WRONG'))).status).toBe('failing');
  });
});
