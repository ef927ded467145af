import type { RcaReport } from '@vibemonitor/contracts';
import {
  causeKinds,
  symptomKinds,
  type CauseKind,
  type CheckResult,
  type Finding,
} from '../checks/check-result.js';
import { isDatastore, SERVER_CONNECTION_LIMIT } from '../checks/classify-log-pattern.js';
import { attributeToDependencies } from './attribute-to-dependencies.js';
import { causePhrases } from './cause-phrases.js';
import { combineCommonMode } from './combine-common-mode.js';
import { orderByDependency } from './order-by-dependency.js';
import { traceDatastoreLoad } from './trace-datastore-load.js';
import { separateNetworkFromSlowness } from './separate-network-from-slowness.js';
import type { EvidenceItem } from './evidence-ledger.js';

/** Strength a lone finding needs to be named a root cause at all (weaker ones are only listed). */
const MIN_CAUSE_STRENGTH = 3;
/** Strength a symptom seen by a single check needs before any service is named. */
const MIN_SYMPTOM_STRENGTH = 5;
/** Findings that are changes (deploys, config, new jobs) rather than something going wrong. */
const changeKinds: ReadonlySet<CauseKind> = new Set([
  'bad_deploy',
  'config_change',
  'workload_change',
]);

interface ServiceCase {
  service: string;
  findings: Finding[];
  /** Mechanism findings (not symptoms), strongest per kind. */
  causes: Finding[];
  symptoms: Finding[];
  score: number;
  onset: number | null;
  /** Checks that found something about this service (independent corroboration). */
  checks: Set<string>;
}

const priority = (kind: CauseKind) => causeKinds.indexOf(kind);
/** Strength tilted slightly by kind, so a tie goes to the kind that is more often the origin. */
const weight = (finding: Finding) =>
  finding.strength * (1 + (causeKinds.length - priority(finding.kind)) * 0.02);

function strongestPerKind(findings: Finding[]): Finding[] {
  const best = new Map<CauseKind, Finding>();
  for (const finding of findings) {
    const current = best.get(finding.kind);
    if (!current || finding.strength > current.strength) best.set(finding.kind, finding);
  }
  return [...best.values()].sort((a, b) => weight(b) - weight(a));
}

/** What a service's own signals can say about why its callers found it down. */
const OWN_REASONS: ReadonlySet<CauseKind> = new Set([
  'oom',
  'memory_growth',
  'crash_restarts',
  'disk_full',
  'pool_exhaustion',
  'cpu_saturation',
  'gc_pressure',
  'certificate',
  'bad_deploy',
  'config_change',
]);

/** A service down or restarting: what a mechanism of its own can explain. */
const OUTAGES: ReadonlySet<CauseKind> = new Set(['unavailable', 'crash_restarts']);
/** Mechanisms that take a service down when they run out (not load, which an outage also ends). */
const OUTAGE_MECHANISMS: ReadonlySet<CauseKind> = new Set([
  'oom',
  'disk_full',
  'memory_growth',
  'fd_exhaustion',
  'certificate',
  'bad_deploy',
  'config_change',
]);
/** A mechanism may be seen this long after the outage began and still be its cause (scrape and step lag). */
const OUTAGE_SLACK_MS = 60_000;

/** What an OOM kill looks like in the killed service's own logs and metrics. */
const OOM_ECHOES: ReadonlySet<CauseKind> = new Set([
  'app_exception',
  'unavailable',
  'crash_restarts',
  'memory_growth',
]);

/**
 * Callers saw the service down (refused connections in their logs); its own
 * signals say why (OOM kills, a full disk, a bad deploy). The reason leads,
 * the callers' view follows it.
 */
function ownReasonFirst(causes: Finding[]): Finding[] {
  // The kernel killing a process explains what its killing looks like from inside (a worker lost,
  // an exception, an outage, a restart): the OOM kill leads.
  const oom = causes.find((f) => f.kind === 'oom' && f.observedIn === undefined);
  if (oom && causes[0] !== oom && OOM_ECHOES.has(causes[0]!.kind))
    return [oom, ...causes.filter((f) => f !== oom)];
  // Its own outage (its exporter's `*_up` at 0, restarts) with a mechanism of its own that began no
  // later (a disk that filled, memory at its limit): the mechanism is why it went down.
  const outage = causes[0];
  if (
    outage &&
    outage.observedIn === undefined &&
    OUTAGES.has(outage.kind) &&
    outage.onset !== null
  ) {
    const behind = causes.find(
      (f) =>
        f.observedIn === undefined &&
        OUTAGE_MECHANISMS.has(f.kind) &&
        f.onset !== null &&
        f.onset <= outage.onset! + OUTAGE_SLACK_MS &&
        f.strength >= outage.strength / 2,
    );
    if (behind) return [behind, ...causes.filter((f) => f !== behind)];
  }
  const seenDown = causes.find((f) => f.kind === 'unavailable' && f.observedIn !== undefined);
  const reason = causes.find((f) => f.observedIn === undefined && OWN_REASONS.has(f.kind));
  if (!seenDown || !reason) return causes;
  return [reason, ...causes.filter((f) => f !== reason)];
}

function minOnset(findings: Finding[]): number | null {
  const onsets = findings.map((f) => f.onset).filter((t): t is number => t !== null);
  return onsets.length > 0 ? Math.min(...onsets) : null;
}

/**
 * Groups findings by the service they implicate (a finding seen in one
 * service's logs that names another service counts for the one named) and
 * scores each: mechanisms (saturation, outages, deploys...) count fully and
 * symptoms (errors, latency) a third, because the service whose mechanism
 * broke explains the symptoms of the ones that depend on it.
 */
function buildCases(checks: readonly CheckResult[]): ServiceCase[] {
  const byService = new Map<string, { findings: Finding[]; checks: Set<string> }>();
  for (const check of checks) {
    for (const finding of check.findings) {
      const entry = byService.get(finding.service) ?? { findings: [], checks: new Set<string>() };
      entry.findings.push(finding);
      entry.checks.add(check.check);
      byService.set(finding.service, entry);
    }
  }
  return [...byService].map(([service, { findings, checks: seenBy }]) => {
    const causes = ownReasonFirst(
      strongestPerKind(findings.filter((f) => !symptomKinds.has(f.kind))),
    );
    const symptoms = strongestPerKind(findings.filter((f) => symptomKinds.has(f.kind)));
    const score =
      causes.reduce((total, f) => total + f.strength, 0) +
      symptoms.reduce((total, f) => total + f.strength, 0) / 3;
    return {
      service,
      findings,
      causes,
      symptoms,
      score,
      onset: minOnset(findings),
      checks: seenBy,
    };
  });
}

function rank(cases: ServiceCase[], focus: string | null): ServiceCase[] {
  return [...cases].sort(
    (a, b) =>
      b.score - a.score ||
      (a.onset ?? Number.POSITIVE_INFINITY) - (b.onset ?? Number.POSITIVE_INFINITY) ||
      Number(b.service === focus) - Number(a.service === focus) ||
      a.service.localeCompare(b.service),
  );
}

function confidenceOf(
  top: ServiceCase,
  runnerUp: ServiceCase | undefined,
): 'low' | 'medium' | 'high' {
  const lead = top.causes[0];
  if (!lead) return 'low';
  const clearLead = runnerUp === undefined || top.score >= runnerUp.score * 1.5;
  if (top.checks.size >= 2 && lead.strength >= 5 && clearLead) return 'high';
  if ((lead.strength >= 5 || top.checks.size >= 2) && clearLead) return 'medium';
  return 'low';
}

/** The signal that would confirm each kind of lead, as the checks name it in "not checked". */
const decisiveSignal: Partial<Record<CauseKind, string>> = {
  cpu_saturation: 'CPU usage',
  memory_growth: 'memory',
  oom: 'memory',
  app_exception: 'HTTP error ratio',
  errors: 'HTTP error ratio',
  bad_deploy: 'HTTP error ratio',
  latency: 'HTTP latency',
  slow_dependency: 'HTTP latency',
  traffic_surge: 'request rate',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The lead's confirming signal when it could not be measured for the service
 * (no such metric, no data, the query failed), by the name "not checked" gives
 * it; null when it was measured or the lead has no single confirming signal.
 */
export function missingDecisiveSignal(
  service: string,
  kind: CauseKind,
  notChecked: readonly string[],
): string | null {
  const name = decisiveSignal[kind];
  if (!name) return null;
  const word = new RegExp(`(?:^|[\\s,(])${escapeRegExp(service)}(?:$|[\\s,;.)])`);
  const missing = notChecked.some(
    (line) =>
      line.startsWith(`${name}:`) &&
      (word.test(line.slice(name.length + 1)) || /any service|was found/.test(line)),
  );
  return missing ? name : null;
}

const lower = { high: 'medium', medium: 'low', low: 'low' } as const;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The report without a language model: the checks' findings composed into a
 * most likely root cause with a confidence, its evidence, what was ruled
 * out, a timeline of onsets, next steps and what could not be checked. When
 * nothing stands out it says so and names no root cause: it never guesses.
 */
export function composeDeterministicReport(input: {
  checks: readonly CheckResult[];
  evidence: readonly EvidenceItem[];
  notChecked: readonly string[];
  focus: string | null;
  /** Extra sentence for the summary (why the model is not in this report, a budget stop...). */
  note?: string;
}): RcaReport {
  const cases = rank(
    buildCases(
      orderByDependency(
        combineCommonMode(
          traceDatastoreLoad(attributeToDependencies(separateNetworkFromSlowness(input.checks))),
        ),
      ),
    ),
    input.focus,
  );
  const label = 'Composed from the deterministic checks, without a language model.';
  const ruledOut = [...new Set(input.checks.flatMap((check) => check.ruledOut))];
  const notChecked = [...new Set(input.notChecked)];
  const note = input.note ? ` ${input.note}` : '';
  const evidence = [...input.evidence];

  const top = cases[0];
  const lead = top?.causes[0] ?? top?.symptoms[0];
  if (!top || !lead) {
    const looked = input.checks.length;
    return {
      analyst: 'deterministic',
      summary:
        looked === 0
          ? `Nothing could be checked, so there is no finding about this question. ${label}${note}`
          : `No anomalies found: ${looked} checks compared the incident window with the baseline and nothing stood out. ${label}${note}`,
      rootCause: null,
      evidence,
      ruledOut,
      timeline: [],
      nextSteps:
        looked === 0
          ? [
              'Connect a metrics (Prometheus) or logs (Loki) integration, or Grafana, so the checks have data.',
            ]
          : [
              'If users still see a problem, ask again with the affected service and when it started, or widen the window ("in the last 3 hours").',
            ],
      notChecked,
    };
  }

  const runnerUp = cases[1];
  const weak = top.causes.length === 0 || lead.strength < MIN_CAUSE_STRENGTH;
  // A lone, modest symptom seen by one check is as likely noise as news, and so is a change that
  // nothing went wrong after (an ordinary deploy or scaling): report it, name no cause.
  const inconclusive =
    top.checks.size < 2 &&
    (top.causes.length === 0
      ? lead.strength < MIN_SYMPTOM_STRENGTH
      : changeKinds.has(lead.kind) && lead.strength < MIN_CAUSE_STRENGTH);
  // Confidence falls when the signal that would confirm the lead could not be measured.
  const unconfirmed = missingDecisiveSignal(top.service, lead.kind, notChecked);
  const measuredConfidence = weak ? 'low' : confidenceOf(top, runnerUp);
  const confidence = unconfirmed ? lower[measuredConfidence] : measuredConfidence;
  // Every finding about the service can support the cause (the pool metric and the pool log line both do),
  // mechanisms first, strongest first.
  const supporting = [...top.findings]
    .sort(
      (a, b) =>
        Number(symptomKinds.has(a.kind)) - Number(symptomKinds.has(b.kind)) ||
        weight(b) - weight(a),
    )
    .slice(0, 4);
  const evidenceIds = [...new Set(supporting.flatMap((f) => f.evidenceIds))];
  // Slowness seen from the callers' side: the service is slow to answer, it does not wait on another.
  const phrase =
    lead.observedIn !== undefined && lead.kind === 'slow_dependency'
      ? { ...causePhrases.slow_dependency, title: 'is slow to answer its callers' }
      : lead.kind === 'pool_exhaustion' &&
          // A database's own connections at their limit are its server-side limit, not a client pool.
          (SERVER_CONNECTION_LIMIT.test(lead.text) || isDatastore(top.service))
        ? {
            title: 'has reached its server-side connection limit (too many clients)',
            nextSteps: [
              'Find which clients hold the connections (pg_stat_activity, SHOW PROCESSLIST) and release idle or leaked ones.',
              "Size the clients' pools so their total stays under the server's max_connections, or put a connection pooler (PgBouncer) in front.",
            ],
          }
        : causePhrases[lead.kind];
  const cause = `${top.service} ${phrase.title}: ${supporting.map((f) => f.text).join('; ')}.`;
  const affected = cases
    .slice(1)
    .filter((c) => c.score > 0)
    .slice(0, 4)
    .map((c) => `${c.service} (${(c.causes[0] ?? c.symptoms[0])!.text})`);
  const summary = [
    inconclusive
      ? `No clear root cause: the only notable signal is ${top.service}: ${lead.text}, which is modest and may be noise.`
      : weak
        ? `The evidence is weak: the strongest signal is ${top.service}: ${lead.text}. This may be a symptom rather than the cause.`
        : `Most likely root cause: ${cause.replace(/\.$/, '')} (confidence ${confidence}).`,
    unconfirmed && !inconclusive
      ? `Confidence is lower because ${unconfirmed} of ${top.service} could not be checked.`
      : '',
    affected.length > 0 ? `Also abnormal: ${affected.join('; ')}.` : '',
    label + note,
  ]
    .filter(Boolean)
    .join(' ');

  const timeline = cases
    .flatMap((c) =>
      c.findings
        .filter((f) => f.onset !== null)
        .map((f) => ({ onset: f.onset!, text: `${c.service}: ${f.text}` })),
    )
    .sort((a, b) => a.onset - b.onset)
    .filter((entry, index, all) => all.findIndex((other) => other.text === entry.text) === index)
    .slice(0, 10)
    .map((entry) => ({ at: iso(entry.onset), text: entry.text }));

  return {
    analyst: 'deterministic',
    summary,
    rootCause: inconclusive ? null : { service: top.service, cause, confidence, evidenceIds },
    evidence,
    ruledOut,
    timeline,
    nextSteps: weak
      ? [
          'Confirm whether this signal is the cause: look at the services it depends on and at recent changes.',
          ...phrase.nextSteps.slice(0, 1),
        ]
      : phrase.nextSteps,
    notChecked,
  };
}
