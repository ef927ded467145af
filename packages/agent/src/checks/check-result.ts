import type { EvidenceItem } from '../analyst/evidence-ledger.js';

export const checkNames = [
  'error_log_patterns',
  'http_errors_latency',
  'resource_saturation',
  'dependency_saturation',
  'recent_changes',
] as const;
export type CheckName = (typeof checkNames)[number];

/**
 * What kind of cause a finding points at. Ordered roughly by how often the
 * kind is the origin rather than a consequence: an unavailable dependency
 * explains the errors of its callers, not the other way round. Memory that
 * grows without OOM kills hurts nobody yet and often follows extra work, so
 * it comes after CPU saturation (a batch job that pins the CPU also fills
 * its memory).
 */
export const causeKinds = [
  'unavailable',
  'disk_full',
  'pool_exhaustion',
  'oom',
  'bad_deploy',
  'config_change',
  'certificate',
  'dns',
  'fd_exhaustion',
  'network',
  'traffic_surge',
  'gc_pressure',
  'cpu_saturation',
  'memory_growth',
  'queue_backlog',
  'workload_change',
  'dependency_failure',
  'slow_dependency',
  'crash_restarts',
  'app_exception',
  'errors',
  'latency',
] as const;
export type CauseKind = (typeof causeKinds)[number];

/** Kinds that describe a consequence the user can see rather than a mechanism. */
export const symptomKinds: ReadonlySet<CauseKind> = new Set(['errors', 'latency']);

/** One thing a check found that could explain the incident. */
export interface Finding {
  service: string;
  kind: CauseKind;
  /** A sentence a person can act on, e.g. "CPU throttled 64% of periods (limit reached)". */
  text: string;
  /** How strong the signal is, 0-10 (robust z / pattern score squashed). */
  strength: number;
  /** When it began (epoch ms), when known. */
  onset: number | null;
  evidenceIds: string[];
  /** Set when the finding was seen in one service's data but names another (e.g. "connection refused to redis:6379" in orders' logs). */
  observedIn?: string;
  /** True when `service` is a host (node-exporter instance) that no service could be matched to. */
  node?: boolean;
}

export interface CheckResult {
  check: CheckName;
  /** True when something abnormal was found; a `finding` event carries this. */
  interesting: boolean;
  summary: string;
  evidence: EvidenceItem[];
  findings: Finding[];
  /** What this check looked at and found normal ("CPU of 7 services"). */
  ruledOut: string[];
  /** What it could not look at, and why. */
  notChecked: string[];
  /** Who calls whom, when the telemetry has a service graph (tracing service graphs, mesh metrics). */
  serviceGraph?: Array<{ client: string; server: string }>;
}
