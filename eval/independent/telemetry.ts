import { performance } from 'node:perf_hooks';
import {
  startFakeLoki,
  startPrometheus,
  type BackfillSeries,
  type FakeLogStream,
} from '@vibemonitor/integrations/testing';
import type { EvalTelemetry } from '../eval-case.js';
import { TelemetryBuilder, type Diurnal, type Timeline } from './builder.js';
import { rngFor } from './random.js';

/** How much data a case holds and on which grid. */
export interface TelemetryShape {
  /** Scrape interval, seconds. */
  step: number;
  /** Data kept before the fault, minutes. */
  historyMinutes: number;
  /** Also hold the same stretch of time the day before (a same-time-yesterday baseline). */
  yesterday?: boolean;
  /** The daily traffic shape; by default a moderate wave peaking at a seeded afternoon hour. */
  diurnal?: (faultStart: number) => Diurnal;
}

export interface GeneratedTelemetry {
  timeline: Timeline;
  series: BackfillSeries[];
  streams: FakeLogStream[];
}

/** The default daily wave: 30 % around the mean, peaking between 12:00 and 20:00 UTC. */
export function defaultDiurnal(seed: number): Diurnal {
  const rng = rngFor(seed, 'diurnal');
  return { amplitude: 0.3, peakSecondOfDay: Math.floor((12 + rng.next() * 8) * 3600) };
}

/** Generates a case's series and logs, the fault `faultMinutesAgo` before `now`. */
export function generateTelemetry(input: {
  seed: number;
  faultMinutesAgo: number;
  shape: TelemetryShape;
  generate: (b: TelemetryBuilder) => void;
  now?: number;
}): GeneratedTelemetry {
  const { step, historyMinutes } = input.shape;
  const now = Math.floor((input.now ?? Date.now() / 1000) / step) * step;
  const faultStart = now - input.faultMinutesAgo * 60;
  const timeline: Timeline = {
    start: faultStart - historyMinutes * 60,
    end: now,
    step,
    faultStart,
    ...(input.shape.yesterday ? { yesterday: true } : {}),
  };
  const diurnal = input.shape.diurnal?.(faultStart) ?? defaultDiurnal(input.seed);
  const builder = new TelemetryBuilder(input.seed, timeline, diurnal);
  input.generate(builder);
  return { timeline, ...builder.finish() };
}

/**
 * A case's telemetry served the way production serves it: the series
 * backfilled into a real Prometheus with promtool, the logs in the
 * Loki-speaking server. Nothing later than now exists.
 */
export async function startGeneratedTelemetry(input: {
  seed: number;
  faultMinutesAgo: number;
  shape: TelemetryShape;
  generate: (b: TelemetryBuilder) => void;
}): Promise<EvalTelemetry> {
  const started = performance.now();
  const { series, streams, timeline } = generateTelemetry(input);
  const prometheus = await startPrometheus({ series });
  try {
    const loki = await startFakeLoki({ streams });
    return {
      prometheusUrl: prometheus.url,
      lokiUrl: loki.url,
      setupMs: performance.now() - started,
      faultStart: timeline.faultStart,
      async close() {
        await Promise.all([prometheus.close(), loki.close()]);
      },
    };
  } catch (error) {
    await prometheus.close();
    throw error;
  }
}
