import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../checks/check-result.js';
import { separateNetworkFromSlowness } from './separate-network-from-slowness.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const finding = (service: string, kind: Finding['kind'], text: string, minutes = 0): Finding => ({
  service,
  kind,
  text,
  strength: 8,
  onset: t0 + minutes * 60_000,
  evidenceIds: [],
});
const check = (name: CheckResult['check'], findings: Finding[]): CheckResult => ({
  check: name,
  interesting: true,
  summary: '',
  evidence: [],
  findings,
  ruledOut: [],
  notChecked: [],
});
const probe = (service: string) =>
  finding(service, 'network', `probe response time 4 ms -> 1.03 s (probe_duration_seconds)`);

describe('separateNetworkFromSlowness', () => {
  it('keeps a slower probe as network when the service handles its requests as fast as before, and reads partly failing probes as the same problem', () => {
    const [latency, availability] = separateNetworkFromSlowness([
      check('http_errors_latency', [probe('payment')]),
      check('dependency_saturation', [
        finding('payment', 'unavailable', 'availability 100% -> 85.0% (probe_success)'),
        finding('redis', 'unavailable', 'availability 100% -> 0% (redis_up): the cache is down'),
      ]),
    ]);
    expect(latency!.findings[0]!.kind).toBe('network');
    expect(availability!.findings.map((f) => f.kind)).toEqual(['network', 'unavailable']);
  });

  it('reads a slower probe as latency when the service itself got slower at the same moment', () => {
    const [result] = separateNetworkFromSlowness([
      check('http_errors_latency', [
        probe('catalogue'),
        finding(
          'catalogue',
          'latency',
          'p99 latency 20 ms -> 900 ms (request_duration_seconds)',
          1,
        ),
      ]),
    ]);
    expect(result!.findings.map((f) => f.kind)).toEqual(['latency', 'latency']);
  });
});
