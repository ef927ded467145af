import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../checks/check-result.js';
import { composeDeterministicReport } from './deterministic-analyst.js';

const finding = (kind: Finding['kind'], text: string, evidenceId: string): Finding => ({
  service: 'reporting',
  kind,
  text,
  strength: 10,
  onset: 1_717_423_260_000,
  evidenceIds: [evidenceId],
});

describe('composeDeterministicReport', () => {
  it('leads with CPU saturation over memory that grew alongside it (a noisy batch job)', () => {
    const checks: CheckResult[] = [
      {
        check: 'resource_saturation',
        interesting: true,
        summary: '2 abnormal',
        evidence: [],
        findings: [
          finding('memory_growth', 'memory 519 MiB -> 2042 MiB (cadvisor)', 'E1'),
          finding('cpu_saturation', 'CPU usage 0.05 cores -> 3.48 cores (cadvisor)', 'E2'),
        ],
        ruledOut: [],
        notChecked: [],
      },
    ];
    const report = composeDeterministicReport({
      checks,
      evidence: [
        { id: 'E1', source: 'resource_saturation', summary: 'reporting: memory' },
        { id: 'E2', source: 'resource_saturation', summary: 'reporting: CPU' },
      ],
      notChecked: [],
      focus: null,
    });
    expect(report.rootCause?.service).toBe('reporting');
    expect(report.rootCause?.cause).toMatch(/^reporting is CPU-saturated: CPU usage/);
    expect(report.rootCause?.evidenceIds).toEqual(expect.arrayContaining(['E1', 'E2']));
  });
});

describe('composeDeterministicReport for a service that went down', () => {
  it('leads with the full disk that came before its outage, not the outage', () => {
    const down = {
      ...finding('unavailable', 'availability 100% -> 0%: is down (mongodb_up)', 'E1'),
      strength: 12,
    };
    const disk = {
      ...finding(
        'disk_full',
        'disk usage 61% -> 100%, nearly full (kubelet_volume_stats_available_bytes)',
        'E2',
      ),
      onset: down.onset! - 40 * 60_000,
    };
    const check = (findings: Finding[]): CheckResult[] => [
      {
        check: 'resource_saturation',
        interesting: true,
        summary: '',
        evidence: [],
        findings,
        ruledOut: [],
        notChecked: [],
      },
    ];
    const compose = (findings: Finding[]) =>
      composeDeterministicReport({
        checks: check(findings),
        evidence: [
          { id: 'E1', source: 'resource_saturation', summary: 'reporting: availability' },
          { id: 'E2', source: 'resource_saturation', summary: 'reporting: disk' },
        ],
        notChecked: [],
        focus: null,
      });
    expect(compose([down, disk]).rootCause?.cause).toMatch(/^reporting ran out of disk space/);
    // A disk that only filled after the outage began did not cause it.
    const later = { ...disk, onset: down.onset! + 10 * 60_000 };
    expect(compose([down, later]).rootCause?.cause).toMatch(/^reporting is down or unreachable/);
  });
});

describe('composeDeterministicReport with nothing wrong', () => {
  it('names no root cause for a change that nothing went wrong after', () => {
    const scaled: Finding = {
      service: 'payments',
      kind: 'bad_deploy',
      text: 'deploy "Deployment payments rolled out a new generation" at 2024-06-03T12:45:00Z',
      strength: 1,
      onset: 1_717_418_700_000,
      evidenceIds: ['E1'],
    };
    const report = composeDeterministicReport({
      checks: [
        {
          check: 'recent_changes',
          interesting: false,
          summary: '1 change',
          evidence: [],
          findings: [scaled],
          ruledOut: [],
          notChecked: [],
        },
      ],
      evidence: [{ id: 'E1', source: 'recent_changes', summary: 'payments: rolled out' }],
      notChecked: [],
      focus: null,
    });
    expect(report.rootCause).toBeNull();
    expect(report.summary).toMatch(
      /^No clear root cause: the only notable signal is payments: deploy/,
    );
  });
});

describe('composeDeterministicReport when the confirming signal is missing', () => {
  const checks = (strength: number): CheckResult[] => [
    {
      check: 'resource_saturation',
      interesting: true,
      summary: '1 abnormal',
      evidence: [],
      findings: [
        { ...finding('cpu_saturation', 'CPU throttled 60% of periods (cadvisor)', 'E1'), strength },
      ],
      ruledOut: [],
      notChecked: [],
    },
    {
      check: 'error_log_patterns',
      interesting: true,
      summary: '1 pattern',
      evidence: [],
      findings: [
        { ...finding('latency', 'new log pattern "slow request took <*>"', 'E2'), strength: 6 },
      ],
      ruledOut: [],
      notChecked: [],
    },
  ];
  const compose = (notChecked: string[]) =>
    composeDeterministicReport({ checks: checks(9), evidence: [], notChecked, focus: null });

  it('lowers the confidence one step and says which signal of which service was not measured', () => {
    const measured = compose(['HTTP error ratio: no matching metric for billing.']);
    expect(measured.rootCause?.confidence).toBe('high');
    const unmeasured = compose([
      'CPU usage: no matching metric for ledger, reporting; no data for billing.',
    ]);
    expect(unmeasured.rootCause?.confidence).toBe('medium');
    expect(unmeasured.summary).toContain(
      'Confidence is lower because CPU usage of reporting could not be checked.',
    );
    // Another service's missing CPU says nothing about this lead.
    expect(compose(['CPU usage: no matching metric for reporting-db.']).rootCause?.confidence).toBe(
      'high',
    );
  });
});
