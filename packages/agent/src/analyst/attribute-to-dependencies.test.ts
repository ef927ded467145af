import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../checks/check-result.js';
import { attributeToDependencies } from './attribute-to-dependencies.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const finding = (service: string, kind: Finding['kind'], text: string, minutes = 0): Finding => ({
  service,
  kind,
  text,
  strength: 8,
  onset: t0 + minutes * 60_000,
  evidenceIds: [`E-${service}-${kind}`],
});
const check = (
  name: CheckResult['check'],
  findings: Finding[],
  graph?: CheckResult['serviceGraph'],
): CheckResult => ({
  check: name,
  interesting: true,
  summary: '',
  evidence: [],
  findings,
  ruledOut: [],
  notChecked: [],
  ...(graph ? { serviceGraph: graph } : {}),
});
const flat = (checks: CheckResult[]) => checks.flatMap((c) => c.findings);

describe('attributeToDependencies', () => {
  it("keeps a database's own full-disk lines and moves every client's relay of it to the database, never to another client", () => {
    const result = flat(
      attributeToDependencies([
        check('error_log_patterns', [
          finding(
            'orders-db',
            'disk_full',
            'elevated log pattern "ERROR: could not extend file: No space left on device"',
          ),
          finding(
            'billing-worker',
            'disk_full',
            'new log pattern "OperationalError: could not extend file: No space left on device"',
          ),
          finding(
            'storefront',
            'disk_full',
            'elevated log pattern "DiskFull: No space left on device"',
            1,
          ),
        ]),
      ]),
    );
    expect(result.map((f) => [f.service, f.observedIn])).toEqual([
      ['orders-db', undefined],
      ['orders-db', 'billing-worker'],
      ['orders-db', 'storefront'],
    ]);
  });

  it("moves a client's relayed connection limit to the database, keeps the database's own line, and halves the client's pool", () => {
    const result = flat(
      attributeToDependencies([
        check('dependency_saturation', [
          finding(
            'shipping',
            'pool_exhaustion',
            'connection pool usage 20% -> 115% (hikaricp_connections_active)',
          ),
          finding(
            'shipping-db',
            'pool_exhaustion',
            'connection pool usage 5% -> 100% (pg_stat_activity_count)',
          ),
        ]),
        check('error_log_patterns', [
          finding(
            'shipping',
            'pool_exhaustion',
            'elevated log pattern "PSQLException: FATAL: sorry, too many clients already"',
            1,
          ),
          finding(
            'shipping-db',
            'pool_exhaustion',
            'elevated log pattern "FATAL: sorry, too many clients already"',
            1,
          ),
        ]),
      ]),
    );
    const relayed = result.find((f) => f.observedIn === 'shipping');
    expect(relayed?.service).toBe('shipping-db');
    expect(result.filter((f) => f.service === 'shipping-db')).toHaveLength(3);
    const clientPool = result.find((f) => f.service === 'shipping' && f.kind === 'pool_exhaustion');
    expect(clientPool?.strength).toBe(4);
    expect(clientPool?.text).toMatch(/waiting on shipping-db's connection limit/);
  });

  it('moves a name that does not resolve to the one service that stopped receiving requests, narrowed by the service graph', () => {
    const dns = finding(
      'checkout',
      'dns',
      'new log pattern "could not charge the card: lookup badAddress: no such host"',
      1,
    );
    const stopped = (service: string) =>
      finding(
        service,
        'unavailable',
        `request rate 3 -> 0 (${service}): requests no longer reach it`,
      );
    const [, logs] = attributeToDependencies([
      check(
        'http_errors_latency',
        [stopped('payment'), stopped('email')],
        [
          { client: 'checkout', server: 'payment' },
          { client: 'frontend', server: 'email' },
        ],
      ),
      check('error_log_patterns', [dns]),
    ]);
    expect(logs!.findings[0]).toMatchObject({
      service: 'payment',
      kind: 'unavailable',
      observedIn: 'checkout',
    });
    // Without a graph, two candidates: the finding stays where it was seen.
    const [, apart] = attributeToDependencies([
      check('http_errors_latency', [stopped('payment'), stopped('email')]),
      check('error_log_patterns', [dns]),
    ]);
    expect(apart!.findings[0]).toMatchObject({ service: 'checkout', kind: 'dns' });
  });
});

describe('attributeToDependencies and waits on an unnamed dependency', () => {
  it('weakens a timeout naming nobody when another service broke first, not when nothing else did', () => {
    const timeout = finding(
      'orders',
      'slow_dependency',
      'elevated log pattern "I/O error on GET request: Read timed out"',
      2,
    );
    const [, logs] = attributeToDependencies([
      check('dependency_saturation', [
        finding(
          'shipping-db',
          'pool_exhaustion',
          'connection pool usage 5% -> 110% (pg_stat_activity_count)',
        ),
      ]),
      check('error_log_patterns', [timeout]),
    ]);
    expect(logs!.findings[0]).toMatchObject({ service: 'orders', strength: 4 });
    const [alone] = attributeToDependencies([check('error_log_patterns', [timeout])]);
    expect(alone!.findings[0]!.strength).toBe(8);
  });
});

describe('attributeToDependencies and a lossy network path', () => {
  it("moves a caller's connection resets naming nobody to the one service whose path is lossy, as a network problem", () => {
    const [, logs] = attributeToDependencies([
      check('http_errors_latency', [
        finding('user', 'network', 'probe response time 4 ms -> 612 ms (probe_duration_seconds)'),
      ]),
      check('error_log_patterns', [
        finding('front-end', 'dependency_failure', 'new log pattern "Error: read ECONNRESET"', 1),
      ]),
    ]);
    expect(logs!.findings[0]).toMatchObject({
      service: 'user',
      kind: 'network',
      observedIn: 'front-end',
    });
  });
});
