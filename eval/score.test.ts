import { describe, expect, it } from 'vitest';
import type { RcaReport, RcaUsage } from '@vibemonitor/contracts';
import { causeClassesOf, primaryCauseClass } from './scenarios/cause-classes.js';
import { evalCases, type EvalCase } from './scenarios/eval-cases.js';
import { accuracy, scoreReport } from './score.js';

const usage: RcaUsage = {
  inputTokens: 1200,
  outputTokens: 300,
  costUsd: 0.0021,
  toolCalls: 4,
  durationMs: 900,
};
const caseOf = (scenario: string): EvalCase => evalCases.find((c) => c.scenario === scenario)!;

function report(rootCause: RcaReport['rootCause'], overrides: Partial<RcaReport> = {}): RcaReport {
  return {
    analyst: 'deterministic',
    summary: rootCause
      ? `Most likely root cause: ${rootCause.cause}`
      : 'No anomalies found: 5 checks compared the incident window with the baseline and nothing stood out.',
    rootCause,
    evidence: [
      { id: 'E1', source: 'resource_saturation', summary: 'payments: CPU throttling 1% -> 64%' },
      {
        id: 'E2',
        source: 'error_log_patterns',
        summary: 'payments: new log pattern "fraud scoring took <*>"',
      },
    ],
    ruledOut: [],
    timeline: [],
    nextSteps: [],
    notChecked: [],
    ...overrides,
  };
}

const cpuCause =
  'payments is CPU-saturated: CPU throttling 1% -> 64%; p99 latency 470 ms -> 2.3 s.';

describe('cause classes', () => {
  it('reads the kinds the independent corpus added, without taking over older ones', () => {
    expect(primaryCauseClass('payment fails 50% of Charge spans with STATUS_CODE_ERROR')).toBe(
      'exception',
    );
    expect(primaryCauseClass('payment returns errors: "Error: Payment request failed."')).toBe(
      'exception',
    );
    expect(primaryCauseClass('user: packet loss, TCP retransmissions up 40x')).toBe('network');
    expect(primaryCauseClass('kafka consumer lag of fraud-detection grows to 40000')).toBe('queue');
    expect(primaryCauseClass('front-end ran out of file descriptors: EMFILE')).toBe('connections');
    expect(primaryCauseClass('shipping-db is at max_connections (20/20)')).toBe('connections');
    expect(primaryCauseClass('ad spends its time in garbage collection')).toBe('gc');
    // Older classes keep a tie: the exception name is also a null pointer.
    expect(primaryCauseClass('NullPointerException in PricingService')).toBe('code_error');
    // Lower-case "error" alone is not an exception.
    expect(primaryCauseClass('the error rate of checkout rose')).toBeNull();
  });

  it('reads a cause by the kind it leads with', () => {
    expect(causeClassesOf(cpuCause)).toEqual(['cpu', 'slow_dependency']);
    expect(
      primaryCauseClass(
        'orders exhausted its connection pool: HikariPool-1 - Connection is not available; Connection leak detection',
      ),
    ).toBe('pool');
    expect(
      primaryCauseClass('The external card acquirer answers slowly, so payments latency rose'),
    ).toBe('slow_dependency');
    expect(
      primaryCauseClass(
        'auth cannot resolve a host name: getaddrinfo ENOTFOUND keys.internal.example',
      ),
    ).toBe('dns');
    expect(
      primaryCauseClass('orders throws a new exception: NullPointerException in PricingService'),
    ).toBe('code_error');
    expect(primaryCauseClass('orders started failing right after a deploy (v2.14.0)')).toBe(
      'deploy',
    );
    expect(primaryCauseClass('something happened')).toBeNull();
  });

  it('gives every scenario a question and, except the control, a service and a cause to find', () => {
    expect(evalCases).toHaveLength(12);
    expect(new Set(evalCases.map((c) => c.question)).size).toBe(12);
    for (const c of evalCases) {
      if (c.scenario === 'control') expect(c.expected).toEqual({ service: null, causes: [] });
      else expect(c.expected.causes.length).toBeGreaterThan(0);
    }
  });
});

describe('scoreReport', () => {
  const cpu = caseOf('cpu-saturation');
  const score = (r: RcaReport, evalCase = cpu) =>
    scoreReport({ evalCase, report: r, usage, wallMs: 2_500 });

  it('passes the right service and cause with cited evidence, and carries the usage', () => {
    const result = score(
      report({
        service: 'payments',
        cause: cpuCause,
        confidence: 'high',
        evidenceIds: ['E1', 'E2'],
      }),
    );
    expect(result).toMatchObject({
      scenario: 'cpu-saturation',
      expected: 'payments/cpu',
      found: 'payments/cpu (high)',
      pass: true,
      reason: '',
      evidenceOk: true,
      toolCalls: 4,
      tokens: 1500,
      costUsd: 0.0021,
      wallSeconds: 2.5,
    });
    // "payments", "cpu" and "throttl" all appear.
    expect(result.facts).toBe(1);
  });

  it('fails a wrong service, a wrong leading cause, and uncited or invented evidence', () => {
    expect(
      score(
        report({
          service: 'orders',
          cause: 'orders is CPU-saturated',
          confidence: 'high',
          evidenceIds: ['E1'],
        }),
      ),
    ).toMatchObject({
      pass: false,
      reason: 'wrong service',
    });
    expect(
      score(
        report({
          service: 'payments',
          cause: 'payments got slower: p99 latency 470 ms -> 2.3 s; CPU 0.3 -> 1 core',
          confidence: 'high',
          evidenceIds: ['E1'],
        }),
      ),
    ).toMatchObject({
      pass: false,
      serviceOk: true,
      reason: 'cause reads as slow_dependency (also cpu)',
    });
    expect(
      score(report({ service: 'payments', cause: cpuCause, confidence: 'high', evidenceIds: [] })),
    ).toMatchObject({
      pass: false,
      evidenceOk: false,
      reason: 'evidence not cited',
    });
    expect(
      score(
        report({
          service: 'payments',
          cause: cpuCause,
          confidence: 'high',
          evidenceIds: ['E1', 'E9'],
        }),
      ),
    ).toMatchObject({
      pass: false,
      evidenceOk: false,
    });
    expect(score(report(null))).toMatchObject({
      pass: false,
      reason: 'no root cause',
      found: 'nothing abnormal',
    });
  });

  it('passes the control only when nothing abnormal is claimed', () => {
    const control = caseOf('control');
    expect(score(report(null), control)).toMatchObject({
      pass: true,
      evidenceOk: null,
      expected: 'nothing abnormal',
    });
    const weak = report(
      { service: 'gateway', cause: 'gateway got slower', confidence: 'low', evidenceIds: ['E1'] },
      { summary: 'No clear root cause: the only notable signal is modest and may be noise.' },
    );
    expect(score(weak, control).pass).toBe(true);
    const named = report({
      service: 'gateway',
      cause: 'gateway got slower',
      confidence: 'medium',
      evidenceIds: ['E1'],
    });
    expect(score(named, control)).toMatchObject({
      pass: false,
      reason: 'named gateway/slow_dependency (medium)',
    });
  });

  it('counts passes', () => {
    const pass = score(
      report({ service: 'payments', cause: cpuCause, confidence: 'high', evidenceIds: ['E1'] }),
    );
    const fail = score(report(null));
    expect(accuracy([pass, fail, pass])).toEqual({ passed: 2, total: 3 });
  });
});

describe('the honesty rule', () => {
  const cause = {
    service: 'payments',
    cause: cpuCause,
    confidence: 'high' as const,
    evidenceIds: ['E1'],
  };
  const queries: RcaReport['queries'] = [
    { id: 'Q1', source: 'Prometheus', query: 'sum(rate(x[5m]))', outcome: 'data' },
    { id: 'Q2', source: 'Prometheus', query: 'sum(rate(y[5m]))', outcome: 'empty' },
    { id: 'Q3', source: 'Loki', query: '{app=~".+"} |~ "deploy"', outcome: 'empty' },
  ];
  const score = (ruledOut: string[]) =>
    scoreReport({
      evalCase: caseOf('cpu-saturation'),
      report: report(cause, { ruledOut, queries }),
      usage,
      wallMs: 1000,
    });

  it('passes lines that cite queries which returned data', () => {
    expect(score(['CPU usage: normal for orders [Q1].']).pass).toBe(true);
    expect(score(['Recent changes: none in the hour before the incident [Q3].']).pass).toBe(true);
  });

  it('fails a line with no query, an unknown query, or a query that found nothing', () => {
    for (const line of [
      'HTTP errors, latency and traffic: normal for orders.',
      'HTTP error ratio: normal for orders [Q9].',
      'HTTP error ratio: normal for orders [Q2].',
    ]) {
      const result = score([line]);
      expect(result.pass, line).toBe(false);
      expect(result.reason).toMatch(/^ruled out unmeasured/);
    }
  });
});
