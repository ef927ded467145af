import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaReport } from '@vibemonitor/contracts';
import { labFaults } from './faults.js';
import {
  alertmanagerConfig,
  alertRules,
  blackboxConfig,
  prometheusConfig,
  type LabPorts,
} from './lab-config.js';
import { findLabParts, missingPartsMessage } from './parts.js';
import { formatLabTable, scoreFault } from './score-fault.js';

function which(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

// promtool comes with Debian's prometheus (CI installs it for the metrics tests); amtool with
// prometheus-alertmanager, installed by eval/lab/install-parts.sh.
const promtool = which('promtool');
const amtool = which('amtool');
if (!amtool)
  process.stderr.write(
    'lab-config.test: amtool not installed (bash eval/lab/install-parts.sh): Alertmanager config check skipped\n',
  );

const ports: LabPorts = {
  demo: 9001,
  redis: 9002,
  postgres: 9003,
  prometheus: 9004,
  alertmanager: 9005,
  nodeExporter: 9006,
  redisExporter: 9007,
  postgresExporter: 9008,
  blackboxExporter: 9009,
  processExporter: 9010,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vm-lab-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function check(command: string, args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the incident lab configuration', () => {
  it('is accepted by the real promtool: scrape config and alert rules', async () => {
    expect(promtool, 'promtool (Debian package prometheus) must be installed').not.toBeNull();
    const rulesFile = join(dir, 'rules.yml');
    await writeFile(
      rulesFile,
      JSON.stringify(alertRules({ receiptsDir: '/tmp/vm-lab-x/receipts' })),
    );
    const configFile = join(dir, 'prometheus.yml');
    await writeFile(configFile, JSON.stringify(prometheusConfig({ ports, rulesFile })));
    const rules = check(promtool!, ['check', 'rules', rulesFile]);
    expect(rules.output).toContain('SUCCESS: 6 rules found');
    expect(rules.ok).toBe(true);
    const config = check(promtool!, ['check', 'config', configFile]);
    expect(config.ok, config.output).toBe(true);

    // A broken rule is refused: the check above can fail.
    const broken = alertRules({ receiptsDir: '/x' });
    broken.groups[0]!.rules[0]!.expr = 'sum(rate(';
    await writeFile(rulesFile, JSON.stringify(broken));
    expect(check(promtool!, ['check', 'rules', rulesFile]).ok).toBe(false);
  });

  it.skipIf(!amtool)(
    'is accepted by the real amtool: one webhook receiver with a bearer token',
    async () => {
      const file = join(dir, 'alertmanager.yml');
      await writeFile(
        file,
        JSON.stringify(
          alertmanagerConfig({
            receiver: 'vibemonitor-x',
            url: 'http://127.0.0.1:1/api/v1/alerts/x',
            secret: 'vmas_x',
          }),
        ),
      );
      const result = check(amtool!, ['check-config', file]);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toContain('1 receivers');
      await writeFile(file, JSON.stringify(alertmanagerConfig(null)));
      expect(check(amtool!, ['check-config', file]).ok).toBe(true);
      expect(JSON.stringify(blackboxConfig())).toContain('http_2xx');
    },
  );

  it('names the missing parts and how to install them', () => {
    const parts = findLabParts();
    const gone = {
      ...parts,
      'stress-ng': { name: 'stress-ng', debianPackage: 'stress-ng', path: null },
    };
    expect(missingPartsMessage(gone)).toMatch(
      /needs stress-ng.*install-parts\.sh.*apt-get install -y stress-ng/,
    );
  });
});

function report(rootCause: RcaReport['rootCause'], evidenceIds: string[] = ['E1']): RcaReport {
  return {
    analyst: 'deterministic',
    summary: 'x',
    rootCause,
    evidence: evidenceIds.map((id) => ({ id }) as RcaReport['evidence'][number]),
    ruledOut: [],
    timeline: [],
    nextSteps: [],
    notChecked: [],
  } as unknown as RcaReport;
}

describe('the incident lab scoring', () => {
  const redis = labFaults.find((f) => f.id === 'redis-stopped')!;

  it('passes the right service with the right cause and cited evidence, and nothing else', () => {
    const right = {
      service: 'redis',
      cause: 'redis is down: connection refused',
      confidence: 'high' as const,
      evidenceIds: ['E1'],
    };
    expect(scoreFault({ fault: redis, report: report(right) }).outcome).toBe('pass');
    expect(
      scoreFault({ fault: redis, report: report({ ...right, service: 'shop-api' }) }),
    ).toMatchObject({
      outcome: 'fail',
      note: 'wrong service',
    });
    expect(
      scoreFault({ fault: redis, report: report({ ...right, cause: 'redis CPU is saturated' }) }),
    ).toMatchObject({
      outcome: 'fail',
      note: 'cause reads as cpu',
    });
    expect(
      scoreFault({ fault: redis, report: report({ ...right, evidenceIds: ['E9'] }) }),
    ).toMatchObject({
      outcome: 'fail',
      note: 'evidence not cited',
    });
    expect(scoreFault({ fault: redis, report: report(null) })).toMatchObject({
      outcome: 'fail',
      note: 'no root cause',
    });
    expect(scoreFault({ fault: redis, report: null })).toMatchObject({
      outcome: 'fail',
      note: 'no report',
    });
  });

  it('prints a table with one row per fault', () => {
    const table = formatLabTable([
      {
        fault: 'redis-stopped',
        expected: 'redis/unavailable|network',
        outcome: 'pass',
        alert: 'RedisDown',
        alertAfterSeconds: 4.25,
        investigationStarted: true,
        culprit: 'redis',
        causeClass: 'unavailable',
        investigations: 2,
        note: '',
        cause: null,
        summary: null,
      },
    ]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(
      /\| fault +\| expected +\| alert +\| fired after s \| investigation +\| culprit named \| cause class +\| result \|/,
    );
    expect(table[2]).toContain('redis/unavailable\\|network');
    expect(table[2]).toMatch(
      /redis-stopped .*RedisDown .*4\.3 .*started \(2\) .*redis .*unavailable .*PASS/,
    );
  });
});
