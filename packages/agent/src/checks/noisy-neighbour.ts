import type { EvidenceLedger } from '../analyst/evidence-ledger.js';
import { hostOfInstance, isGeneratedSuffixOf } from '../evidence/index.js';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type { Finding } from './check-result.js';
import { strengthFromScore } from './metric-checks.js';
import { metricBaselineStart, type SweptSignal } from './metric-sweep.js';
import type { ServiceDirectory } from './service-directory.js';

/*
 * A node whose CPU is full slows every pod on it; the cause is whichever
 * workload on that node took the CPU (a batch job without a limit, a runaway
 * process), not the node. kube-state-metrics says which pods run where
 * (`kube_pod_info{node, host_ip}`) and cAdvisor what each container uses, so
 * the workload whose CPU rose by far the most on a saturated node is named.
 */

/** Node CPU (a share of all its cores) from which the node is full enough to slow its pods. */
const SATURATED = 0.8;
/** The rise a workload needs, in cores, to be the one taking the node. */
const MIN_RISE_CORES = 0.5;
/** ...and how much more than the next workload's rise: one clear taker, or nobody is named. */
const CLEAR_MARGIN = 2;

const regexEscape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The service a container on the node belongs to: a known one when its names say so, else its container name. */
function ownerOf(labels: Record<string, string>, directory: ServiceDirectory): string | null {
  const container = labels.container ?? '';
  const pod = labels.pod ?? '';
  return (
    (container ? directory.resolve(container) : null) ??
    directory.services.find((s) => isGeneratedSuffixOf(pod, s)) ??
    (container || null)
  );
}

/** Findings for the workloads that took a saturated node's CPU. */
export async function noisyNeighbourFindings(input: {
  directory: ServiceDirectory;
  swept: readonly SweptSignal[];
  window: InvestigationWindow;
  ledger: EvidenceLedger;
  signal: AbortSignal;
}): Promise<Finding[]> {
  const { directory, window, ledger, signal } = input;
  const findings: Finding[] = [];
  const baselineStart = metricBaselineStart(window);
  const incidentStart = window.incident.start.getTime();
  for (const node of input.swept) {
    const { change, source } = node;
    if (
      node.scope !== 'node' ||
      change.signal !== 'cpu' ||
      !change.abnormal ||
      change.incidentMedian < SATURATED
    )
      continue;
    const names = directory.metricNames(source);
    if (!names.has('kube_pod_info') || !names.has('container_cpu_usage_seconds_total')) continue;
    const host = hostOfInstance(change.service);
    const where = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)
      ? `host_ip="${host}"`
      : `node="${host.replace(/["\\]/g, '\\$&')}"`;
    const pods = await source
      .series({
        match: [`kube_pod_info{${where}}`],
        start: baselineStart,
        end: window.incident.end,
        limit: 300,
        signal,
      })
      .catch(() => ({ series: [] as Array<Record<string, string>> }));
    const podNames = [
      ...new Set(
        pods.series.map((labels) => labels.pod).filter((pod): pod is string => Boolean(pod)),
      ),
    ];
    if (podNames.length === 0) continue;
    const query = `sum by (pod, container) (rate(container_cpu_usage_seconds_total{container!="", container!="POD", pod=~"${podNames.map(regexEscape).join('|').replace(/["\\]/g, '\\$&')}"}[5m]))`;
    const usage = await source
      .range({
        query,
        start: baselineStart,
        end: window.incident.end,
        maxPoints: 120,
        maxSeries: 100,
        signal,
      })
      .catch(() => null);
    const rises = (usage?.series ?? [])
      .map((series) => {
        const before = series.points
          .filter((p) => p.timestamp < incidentStart && p.value !== null)
          .map((p) => p.value!);
        const during = series.points
          .filter((p) => p.timestamp >= incidentStart && p.value !== null)
          .map((p) => p.value!);
        const started = series.points.find((p) => p.value !== null)?.timestamp ?? null;
        return {
          labels: series.labels,
          before: mean(before),
          during: mean(during),
          isNew: before.length === 0,
          started,
        };
      })
      .map((r) => ({ ...r, rise: r.during - r.before }))
      .sort((a, b) => b.rise - a.rise);
    const [top, next] = rises;
    if (!top || top.rise < MIN_RISE_CORES || (next && next.rise * CLEAR_MARGIN > top.rise))
      continue;
    const owner = ownerOf(top.labels, directory);
    if (owner === null) continue;
    const nodeShare = `${(change.baselineMedian * 100).toFixed(0)}% -> ${(change.incidentMedian * 100).toFixed(0)}%`;
    const text = `${top.isNew ? 'started during the window and ' : ''}uses ${top.during.toFixed(2)} cores (from ${top.before.toFixed(2)}) on node ${host}, whose CPU went ${nodeShare}: a noisy neighbour for the other pods there`;
    const item = ledger.add({
      source: 'resource_saturation',
      summary: `${owner}: ${text}`,
      query,
    });
    findings.push({
      service: owner,
      kind: top.isNew ? 'workload_change' : 'cpu_saturation',
      text,
      // Stronger than the node's own finding (which weighs half): the taker explains the node.
      strength: Math.min(10, strengthFromScore(change.score) + 1),
      onset: change.onset !== null ? change.onset * 1000 : top.started,
      evidenceIds: [item.id],
    });
  }
  return findings;
}
