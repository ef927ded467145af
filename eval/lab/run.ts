import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { RcaReport } from '@vibemonitor/contracts';
import { setPlan } from '../../apps/standalone/test/chat-helpers.js';
import { startEvalStack, type EvalStack } from '../run-case.js';
import { labFaults, type LabFault } from './faults.js';
import { startLab, type Lab } from './lab.js';
import { LAB_SERVICES } from './lab-config.js';
import { findLabParts, missingPartsMessage } from './parts.js';
import { sleep, waitFor } from './processes.js';
import { formatLabTable, scoreFault, type LabResult } from './score-fault.js';

// `pnpm lab`: the incident lab. Real Prometheus, Alertmanager and exporters
// from Debian's packages watch a small checkout service of ours with a
// private Redis and PostgreSQL; each fault is injected for real, and the lab
// checks that its alert starts an investigation by itself and that the
// report names the right service and cause. Options:
//   --faults a,b     only these faults (default: all; --ci: the CI subset)
//   --min-pass N     exit 1 when fewer than N faults pass
//   --skip-if-missing  exit 0 (saying why) when a Debian part is missing, instead of refusing
//   --verbose        print each report's summary and cause
//   --json FILE      write the results as JSON
//   --reports DIR    write each fault's whole report (checks, findings, notChecked) as DIR/<fault>.json
//   --hold-seconds N  let each fault run N s before Alertmanager may deliver its alert (default 0)
//   --baseline-seconds N  normal traffic on fresh telemetry before each fault (default 40; 20 with --ci)
const { values } = parseArgs({
  options: {
    faults: { type: 'string' },
    ci: { type: 'boolean', default: false },
    'min-pass': { type: 'string' },
    'skip-if-missing': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'string' },
    reports: { type: 'string' },
    'baseline-seconds': { type: 'string' },
    'hold-seconds': { type: 'string', default: '0' },
  },
});

const write = (text: string) => process.stdout.write(`${text}\n`);
const clock = performance.now();
const note = (text: string) =>
  process.stderr.write(
    `[${((performance.now() - clock) / 1000).toFixed(0).padStart(3)} s] ${text}\n`,
  );

const ALERT_TIMEOUT_MS = 75_000;
const REPORT_TIMEOUT_MS = 120_000;
const HEALTHY_TIMEOUT_MS = 120_000;

const known = new Map(labFaults.map((f) => [f.id, f]));
const selected: LabFault[] = values.faults
  ? values.faults.split(',').map((id) => {
      const fault = known.get(id.trim());
      if (!fault) throw new Error(`unknown fault ${id}; known: ${[...known.keys()].join(', ')}`);
      return fault;
    })
  : labFaults.filter((f) => !values.ci || f.ci);
// CI keeps the subset well under 3 minutes: 20 s of baseline is enough for its three faults.
const baselineSeconds = Number(values['baseline-seconds'] ?? (values.ci ? 20 : 40));
const holdSeconds = Number(values['hold-seconds']);
const minPass = values['min-pass'] === undefined ? null : Number(values['min-pass']);

const parts = findLabParts();
const missing = missingPartsMessage(parts);
if (missing) {
  write(`incident lab: ${values['skip-if-missing'] ? 'skipped' : 'refused'}: ${missing}`);
  process.exit(values['skip-if-missing'] ? 0 : 2);
}

/** A workspace of its own for one fault: the three services, Prometheus and Loki, an alert endpoint. */
async function prepareWorkspace(evalStack: EvalStack, lab: Lab, fault: LabFault) {
  const { client } = evalStack;
  const workspace = await client.workspace.create.mutate({ name: `Lab: ${fault.id}` });
  const workspaceId = workspace.id;
  await setPlan(evalStack.stack, workspaceId, 'pro');
  const services = [
    {
      name: LAB_SERVICES.api,
      description:
        'Checkout API: reads carts from redis, records orders in postgres, writes receipts to its volume',
    },
    { name: LAB_SERVICES.redis, description: 'Redis holding the carts' },
    { name: LAB_SERVICES.postgres, description: 'PostgreSQL holding the orders' },
  ];
  for (const service of services)
    await client.service.create.mutate({
      workspaceId,
      ...service,
      aliases: [],
      labelMatchers: { prometheus: { service: service.name }, loki: { service: service.name } },
    });
  await client.integration.connect.mutate({
    workspaceId,
    name: 'Prometheus',
    provider: 'prometheus',
    url: lab.prometheusUrl,
  });
  await client.integration.connect.mutate({
    workspaceId,
    name: 'Loki',
    provider: 'loki',
    url: lab.loki.url,
  });
  const { endpoint, secret } = await client.alert.endpoints.create.mutate({
    workspaceId,
    name: 'Lab Alertmanager',
  });
  return { workspaceId, route: { receiver: `vibemonitor-${fault.id}`, url: endpoint.url, secret } };
}

async function runFault(
  evalStack: EvalStack,
  lab: Lab,
  fault: LabFault,
  options: { freshTelemetry: boolean },
): Promise<LabResult> {
  const base: LabResult = {
    fault: fault.id,
    expected: `${fault.expected.service}/${fault.expected.causes.join('|')}`,
    outcome: 'fail',
    alert: null,
    alertAfterSeconds: null,
    investigationStarted: false,
    culprit: null,
    causeClass: null,
    investigations: 0,
    note: '',
    cause: null,
    summary: null,
  };
  const skip = fault.skipReason(lab);
  if (skip) return { ...base, outcome: 'skipped', note: skip };

  // Fresh telemetry and a baseline of normal traffic: the investigation's window (at least
  // 30 minutes) would otherwise hold the faults before this one.
  if (!options.freshTelemetry) await lab.resetTelemetry();
  await sleep(baselineSeconds * 1000);
  // Start from a quiet system: no alert pending or firing from the fault before.
  try {
    await waitFor('no active alert', async () => (await lab.activeAlerts()).length === 0, {
      timeoutMs: HEALTHY_TIMEOUT_MS,
      intervalMs: 1_000,
    });
  } catch {
    const still = (await lab.activeAlerts()).map((a) => `${a.name} ${a.state}`).join(', ');
    return { ...base, note: `lab not quiet before the fault (${still})` };
  }
  const { workspaceId, route } = await prepareWorkspace(evalStack, lab, fault);
  // With --hold-seconds, Alertmanager learns the receiver only after the fault has run that long:
  // the alert fires on time, but the investigation starts later, with more of the fault in its window.
  if (holdSeconds === 0) await lab.routeAlerts(route);
  const { client } = evalStack;
  note(`  ${fault.id}: injecting (${fault.title})`);
  const injectedAt = Date.now();
  const undo = await fault.inject(lab);
  try {
    if (holdSeconds > 0) {
      await sleep(holdSeconds * 1000);
      await lab.routeAlerts(route);
    }
    const groups = await waitFor(
      'an alert to start an investigation',
      async () => {
        const list = await client.alert.groups.list.query({ workspaceId });
        return list.items.some((g) => g.turnId) ? list.items : undefined;
      },
      { timeoutMs: ALERT_TIMEOUT_MS, intervalMs: 500 },
    ).catch(() => null);
    if (!groups) {
      const active = (await lab.activeAlerts()).map((a) => `${a.name} ${a.state}`).join(', ');
      return {
        ...base,
        note: `no investigation within ${ALERT_TIMEOUT_MS / 1000} s (alerts: ${active || 'none'})`,
      };
    }
    const first = groups
      .filter((g) => g.turnId)
      .sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime())[0]!;
    const started: LabResult = {
      ...base,
      alert: first.title,
      // The alert's own start (Prometheus: when it began firing), not its delivery.
      alertAfterSeconds: (first.startsAt.getTime() - injectedAt) / 1000,
      investigationStarted: true,
    };
    const turn = await waitFor(
      'the investigation to finish',
      async () => {
        const t = await client.chat.turns.get.query({ workspaceId, turnId: first.turnId! });
        return t.status === 'completed' || t.status === 'failed' ? t : undefined;
      },
      { timeoutMs: REPORT_TIMEOUT_MS, intervalMs: 1_000 },
    ).catch(() => null);
    const all = await client.alert.groups.list.query({ workspaceId });
    const report: RcaReport | null = turn?.report ?? null;
    const scored = scoreFault({ fault, report });
    if (values.reports && report) {
      await mkdir(values.reports, { recursive: true });
      await writeFile(join(values.reports, `${fault.id}.json`), JSON.stringify(report, null, 2));
    }
    return {
      ...started,
      ...scored,
      investigations: all.items.filter((g) => g.turnId).length,
      note:
        turn === null
          ? 'investigation did not finish'
          : turn.status === 'failed'
            ? 'investigation failed'
            : scored.note,
    };
  } finally {
    await undo().catch((error: unknown) => note(`  ${fault.id}: cleanup failed: ${String(error)}`));
    await lab.routeAlerts(null).catch(() => undefined);
  }
}

const started = performance.now();
write(`VibeMonitor incident lab: ${selected.map((f) => f.id).join(', ')}`);
const results: LabResult[] = [];
const evalStack = await startEvalStack();
let lab: Lab | undefined;
const stopAll = async () => {
  await lab?.close();
  await evalStack.close();
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
process.once('SIGTERM', () => void stopAll().finally(() => process.exit(143)));
try {
  lab = await startLab({
    parts,
    log: note,
    mountReceipts: selected.some((f) => f.id === 'disk-full'),
  });
  let freshTelemetry = true;
  for (const fault of selected) {
    const result = await runFault(evalStack, lab, fault, { freshTelemetry });
    // A skipped fault leaves the telemetry as it was.
    if (result.outcome !== 'skipped') freshTelemetry = false;
    results.push(result);
    note(`  ${fault.id}: ${result.outcome}${result.note ? ` (${result.note})` : ''}`);
    if (values.verbose && result.summary)
      note(`    summary: ${result.summary}\n    cause: ${result.cause ?? '-'}`);
  }
} finally {
  await stopAll();
}
write(formatLabTable(results));
const passed = results.filter((r) => r.outcome === 'pass').length;
const ran = results.filter((r) => r.outcome !== 'skipped').length;
write(
  `\nlab: ${passed}/${ran} faults passed (${results.length - ran} skipped), ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
if (minPass !== null && passed < minPass) {
  write(`FAILED: ${passed} faults passed, below the required ${minPass}.`);
  process.exit(1);
}
process.exit(0);
