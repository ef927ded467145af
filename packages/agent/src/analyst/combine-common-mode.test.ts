import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../checks/check-result.js';
import { combineCommonMode } from './combine-common-mode.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const surge = (service: string, minutes: number, strength = 6): Finding => ({
  service,
  kind: 'traffic_surge',
  text: `request rate x2 (${service})`,
  strength,
  onset: t0 + minutes * 60_000,
  evidenceIds: [`E-${service}`],
});
const check = (findings: Finding[]): CheckResult => ({
  check: 'http_errors_latency',
  interesting: true,
  summary: '',
  evidence: [],
  findings,
  ruledOut: [],
  notChecked: [],
});

describe('combineCommonMode', () => {
  it('reads rises in several services at one moment as one surge at the edge', () => {
    const [result] = combineCommonMode([
      check([
        surge('cart', 1, 8),
        surge('frontend-proxy', 2),
        surge('checkout', 1.5),
        surge('ad', 3),
      ]),
    ]);
    const top = [...result!.findings].sort((a, b) => b.strength - a.strength)[0]!;
    expect(top.service).toBe('frontend-proxy');
    expect(top.text).toMatch(/4 services/);
    expect(top.strength).toBeGreaterThan(8);
    expect(result!.findings.find((f) => f.service === 'cart')!.strength).toBe(4);
  });

  it('takes the service nobody calls when a service graph says who calls whom', () => {
    const withGraph: CheckResult = {
      ...check([surge('frontend', 1), surge('frontend-proxy', 2), surge('cart', 1)]),
      serviceGraph: [
        { client: 'frontend-proxy', server: 'frontend' },
        { client: 'frontend', server: 'cart' },
      ],
    };
    expect(combineCommonMode([withGraph])[0]!.findings[0]!.service).toBe('frontend-proxy');
  });

  it("weakens CPU that rose with a surged service's own traffic, not CPU elsewhere or later", () => {
    const cpu = (service: string, minutes: number): Finding => ({
      service,
      kind: 'cpu_saturation',
      text: `CPU x5 (${service})`,
      strength: 8,
      onset: t0 + minutes * 60_000,
      evidenceIds: [`C-${service}`],
    });
    const resources: CheckResult = {
      ...check([cpu('cart', 1), cpu('payment', 1), cpu('ad', 40)]),
      check: 'resource_saturation',
    };
    const [, result] = combineCommonMode([
      check([surge('cart', 1), surge('frontend-proxy', 1), surge('checkout', 1), surge('ad', 1)]),
      resources,
    ]);
    const strength = (service: string) =>
      result!.findings.find((f) => f.service === service)!.strength;
    expect(strength('cart')).toBe(4);
    expect(strength('payment')).toBe(8);
    expect(strength('ad')).toBe(8);
  });

  it('takes the earliest rise when no service looks like an edge', () => {
    const [result] = combineCommonMode([
      check([surge('orders', 2), surge('users', 0), surge('catalogue', 1)]),
    ]);
    expect(result!.findings[0]!.service).toBe('users');
  });

  it('leaves rises apart in time, or in fewer than three services, alone', () => {
    const apart = [check([surge('a', 0), surge('b', 20), surge('c', 40)])];
    expect(combineCommonMode(apart)).toEqual(apart);
    const two = [check([surge('a', 0), surge('b', 1)])];
    expect(combineCommonMode(two)).toEqual(two);
  });
});
