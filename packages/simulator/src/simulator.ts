import { AppError } from '@vibemonitor/contracts';
import { deriveSignals } from './derived-signals.js';
import { linesForStep, streamLabels, type SimLogLine } from './logs.js';
import { gridIndexes, toOpenMetrics, type SimRange } from './open-metrics.js';
import { hashString } from './prng.js';
import { scenarios, type Scenario, type ScenarioId } from './scenarios.js';
import { buildSeries, GRID_STEP_SECONDS, type RawSeries } from './series.js';
import { computeState } from './state.js';
import type { SimSignal } from './signals.js';
import { serviceNames, type ServiceName } from './topology.js';

/** Default fault start: Monday 2024-06-03 14:00 UTC, near the daily traffic peak. */
export const DEFAULT_FAULT_START = 1_717_423_200;

export interface ChangeEvent {
  /** Epoch seconds. */
  timestamp: number;
  service: ServiceName;
  kind: 'deploy' | 'config' | 'scale' | 'cronjob';
  title: string;
  version?: string;
}

/** Equality matchers, or a LogQL stream selector such as `{service_name="orders", namespace=~"shop|prod"}`. */
export type LogSelector = Readonly<Record<string, string>> | string;

export interface Simulator {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Epoch seconds when the fault begins. */
  readonly faultStart: number;
  /** Data exists in [dataStart, dataEnd] (epoch seconds): `hoursBefore` before the fault to two hours after. */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** The window an investigation would look at: the fault's first 30 minutes (epoch seconds). */
  readonly incidentWindow: { start: number; end: number };
  /** Every stored series (grid of 30 s). */
  series(): readonly RawSeries[];
  /** Metric names present (the values of `__name__`). */
  metricNames(): string[];
  toOpenMetrics(range: SimRange): string;
  logLines(range: SimRange, selector?: LogSelector): SimLogLine[];
  changeEvents(range: SimRange): ChangeEvent[];
  /** The signals the evidence engine would query, per service, computed from the series. */
  signals(range: SimRange): SimSignal[];
}

const AFTER_SECONDS = 2 * 3600;

/** Ordinary changes that happen on any day: distractors an investigation must not blame. */
const routineChanges: ReadonlyArray<Omit<ChangeEvent, 'timestamp'> & { atMinute: number }> = [
  { atMinute: -20 * 60, service: 'gateway', kind: 'deploy', title: 'Deploy gateway v1.31.2', version: 'v1.31.2' },
  { atMinute: -190, service: 'auth', kind: 'deploy', title: 'Deploy auth v4.2.0 (dependency bumps)', version: 'v4.2.0' },
  { atMinute: -75, service: 'payments', kind: 'scale', title: 'HPA scaled payments from 2 to 3 replicas' },
];

type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

function parseSelector(selector: LogSelector): Matcher[] {
  if (typeof selector !== 'string') return Object.entries(selector).map(([name, value]) => ({ name, op: '=', value }));
  const body = selector.trim().replace(/^\{/, '').replace(/\}$/, '');
  const matchers: Matcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(body)) !== null) {
    matchers.push({ name: match[1]!, op: match[2] as Matcher['op'], value: match[3]!.replace(/\\(.)/g, '$1') });
    consumed = re.lastIndex;
  }
  if (body.slice(consumed).trim() !== '') throw new AppError('BAD_REQUEST', `Cannot parse log stream selector: ${selector}`);
  return matchers;
}

function matches(labels: Readonly<Record<string, string>>, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? '';
    if (m.op === '=') return value === m.value;
    if (m.op === '!=') return value !== m.value;
    const hit = new RegExp(`^(?:${m.value})$`).test(value);
    return m.op === '=~' ? hit : !hit;
  });
}

/**
 * A deterministic simulated system for one scenario: the same scenario, seed
 * and fault start always give byte-identical metrics, logs and changes.
 * Metrics are built on first use (27 hours on a 30 s grid by default); logs
 * are generated on demand for the requested range and services. Counters
 * start at zero at `dataStart`, as if every process started then.
 */
export function createSimulator(options: {
  scenario: ScenarioId | Scenario;
  seed?: number | string;
  faultStart?: number;
  /** History kept before the fault, in hours (default 25: enough for a same-window-a-day-earlier baseline). */
  hoursBefore?: number;
}): Simulator {
  const scenario = typeof options.scenario === 'string' ? scenarios[options.scenario] : options.scenario;
  if (scenario === undefined) throw new AppError('NOT_FOUND', `Unknown simulator scenario: ${String(options.scenario)}`);
  const seed = typeof options.seed === 'string' ? hashString(options.seed) : (options.seed ?? 1) >>> 0;
  const faultStart = Math.floor((options.faultStart ?? DEFAULT_FAULT_START) / GRID_STEP_SECONDS) * GRID_STEP_SECONDS;
  const before = Math.max(1, options.hoursBefore ?? 25) * 3600;
  const origin = faultStart - Math.ceil(before / GRID_STEP_SECONDS) * GRID_STEP_SECONDS;
  const steps = (faultStart - origin + AFTER_SECONDS) / GRID_STEP_SECONDS + 1;
  let cache: RawSeries[] | null = null;
  const series = () => (cache ??= buildSeries({ seed, scenario, faultStart, origin, steps }));

  return {
    scenario,
    seed,
    faultStart,
    dataStart: origin,
    dataEnd: origin + (steps - 1) * GRID_STEP_SECONDS,
    incidentWindow: { start: faultStart, end: faultStart + 30 * 60 },
    series,
    metricNames: () => [...new Set(series().map((s) => s.name))].sort(),
    toOpenMetrics: (range) => toOpenMetrics(series(), origin, steps, range),
    signals: (range) => deriveSignals(series(), origin, steps, range),
    logLines: (range, selector = {}) => {
      const matchers = parseSelector(selector);
      const wanted = serviceNames.filter((name) => matches(streamLabels(name), matchers));
      const out: SimLogLine[] = [];
      if (wanted.length === 0) return out;
      const startMs = range.start * 1000;
      const endMs = range.end * 1000;
      // Logs are per grid step whatever the requested step: every line in the range is returned.
      for (const index of gridIndexes({ ...range, start: range.start - GRID_STEP_SECONDS, step: GRID_STEP_SECONDS }, origin, steps)) {
        const time = origin + index * GRID_STEP_SECONDS;
        const stepIndex = time / GRID_STEP_SECONDS;
        const state = computeState({ time, seed, scenario, faultStart, stepIndex });
        for (const service of wanted) {
          for (const line of linesForStep({ seed, scenario, faultStart, state, service, stepIndex })) {
            if (line.timestamp >= startMs && line.timestamp <= endMs) out.push(line);
          }
        }
      }
      return out.sort((a, b) => a.timestamp - b.timestamp || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
    },
    changeEvents: (range) =>
      [...routineChanges, ...scenario.changes]
        .map(({ atMinute, ...rest }) => ({ ...rest, timestamp: faultStart + atMinute * 60 }))
        .filter((e) => e.timestamp >= range.start && e.timestamp <= range.end)
        .sort((a, b) => a.timestamp - b.timestamp),
  };
}
