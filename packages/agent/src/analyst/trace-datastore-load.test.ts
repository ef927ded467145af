import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../checks/check-result.js';
import { traceDatastoreLoad } from './trace-datastore-load.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const finding = (
  service: string,
  kind: Finding['kind'],
  minutes: number,
  strength = 6,
): Finding => ({
  service,
  kind,
  text: `${kind} of ${service}`,
  strength,
  onset: t0 + minutes * 60_000,
  evidenceIds: [`E-${service}-${kind}`],
});
const check = (
  findings: Finding[],
  serviceGraph?: Array<{ client: string; server: string }>,
): CheckResult => ({
  check: 'http_errors_latency',
  interesting: true,
  summary: '',
  evidence: [],
  findings,
  ruledOut: [],
  notChecked: [],
  ...(serviceGraph ? { serviceGraph } : {}),
});

describe('traceDatastoreLoad', () => {
  it("moves a database's rise in load to the one client that deployed just before", () => {
    const [result] = traceDatastoreLoad([
      check([finding('orders-db', 'traffic_surge', 5, 9), finding('orders', 'bad_deploy', 1, 3)]),
    ]);
    const moved = result!.findings.find((f) => f.observedIn === 'orders-db')!;
    expect(moved).toMatchObject({ service: 'orders', kind: 'bad_deploy', strength: 9 });
    expect(moved.text).toMatch(/orders-db: .*since orders's deploy/);
  });

  it('leaves the rise alone when the change came after it, long before it, or from several clients', () => {
    for (const findings of [
      [finding('postgres', 'traffic_surge', 5), finding('web', 'bad_deploy', 12)],
      [finding('postgres', 'traffic_surge', 50), finding('web', 'bad_deploy', 1)],
      [
        finding('postgres', 'traffic_surge', 5),
        finding('web', 'bad_deploy', 1),
        finding('worker', 'config_change', 2),
      ],
      // Not a datastore: an API's own surge is not its clients' doing.
      [finding('api', 'traffic_surge', 5), finding('web', 'bad_deploy', 1)],
    ]) {
      const [result] = traceDatastoreLoad([check(findings)]);
      expect(result!.findings).toEqual(findings);
    }
  });

  it('with a service graph, only a caller of the datastore can be the one', () => {
    const findings = [finding('redis', 'traffic_surge', 5), finding('billing', 'bad_deploy', 1)];
    const [unrelated] = traceDatastoreLoad([check(findings, [{ client: 'web', server: 'redis' }])]);
    expect(unrelated!.findings).toEqual(findings);
    const [caller] = traceDatastoreLoad([
      check(findings, [{ client: 'billing', server: 'redis' }]),
    ]);
    expect(caller!.findings[0]!.service).toBe('billing');
  });
});
