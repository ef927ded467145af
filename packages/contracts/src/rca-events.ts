import { z } from 'zod';

/**
 * The events of one chat turn, in the order a client sees them. Each is
 * persisted with a per-turn sequence number and streamed as
 * `tracked(String(seq), event)`; a client reconnecting with `lastEventId`
 * receives exactly the events it missed. `complete`, `error` and `cancelled`
 * are terminal: the stream ends after them.
 */
export const rcaEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('attempt_started'),
    /** 1 for the first run; a higher number marks a retry after a worker died mid-run. */
    attempt: z.number().int().min(1),
    reason: z.string().optional(),
  }),
  z.object({ type: z.literal('thinking'), text: z.string() }),
  z.object({
    type: z.literal('tool_start'),
    stepId: z.string(),
    tool: z.string(),
    input: z.record(z.string(), z.unknown()),
  }),
  z.object({
    type: z.literal('tool_end'),
    stepId: z.string(),
    tool: z.string(),
    status: z.enum(['ok', 'error']),
    summary: z.string(),
    durationMs: z.number().nonnegative(),
  }),
  z.object({
    type: z.literal('finding'),
    check: z.string(),
    interesting: z.boolean(),
    summary: z.string(),
  }),
  z.object({
    type: z.literal('complete'),
    report: z.lazy(() => rcaReportSchema),
    usage: z.lazy(() => rcaUsageSchema),
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('cancelled'), reason: z.string() }),
]);
export type RcaEvent = z.infer<typeof rcaEventSchema>;
export type RcaEventType = RcaEvent['type'];

export const terminalRcaEventTypes: ReadonlySet<RcaEventType> = new Set([
  'complete',
  'error',
  'cancelled',
]);

export function isTerminalRcaEvent(event: RcaEvent): boolean {
  return terminalRcaEventTypes.has(event.type);
}

export const confidenceSchema = z.enum(['low', 'medium', 'high']);

/** Most points an evidence series carries (the console draws it; reports stay small). */
export const EVIDENCE_SERIES_MAX_POINTS = 200;

/**
 * The data behind a metric finding, for a chart: the first series the query
 * returned over the baseline and the incident window, as `[unix ms, value]`
 * (null where the source had no sample), and the incident window to shade.
 */
export const evidenceSeriesSchema = z.object({
  labels: z.record(z.string(), z.string()),
  points: z.array(z.tuple([z.number(), z.number().nullable()])).max(EVIDENCE_SERIES_MAX_POINTS),
  incident: z.object({ start: z.number(), end: z.number() }),
});
export type EvidenceSeries = z.infer<typeof evidenceSeriesSchema>;

/** One piece of evidence; claims in the report cite these by `id`. */
export const evidenceItemSchema = z.object({
  id: z.string(),
  /** Where it came from: a check name or a tool name. */
  source: z.string(),
  summary: z.string(),
  /** The query (PromQL, LogQL, ...) that produced it, when there is one. */
  query: z.string().optional(),
  /** For metric findings: the measured series, to draw (see `evidenceSeriesSchema`). */
  series: evidenceSeriesSchema.optional(),
});

export const rcaReportSchema = z.object({
  /** `deterministic`: composed from the checks without a model, and labelled as such. */
  analyst: z.enum(['llm', 'deterministic']),
  model: z.string().optional(),
  summary: z.string(),
  rootCause: z
    .object({
      service: z.string().nullable(),
      cause: z.string(),
      confidence: confidenceSchema,
      evidenceIds: z.array(z.string()),
    })
    .nullable(),
  evidence: z.array(evidenceItemSchema),
  ruledOut: z.array(z.string()),
  timeline: z.array(z.object({ at: z.string(), text: z.string() })),
  nextSteps: z.array(z.string()),
  /** Sources or checks that could not be used (missing integration, empty data...), by name. */
  notChecked: z.array(z.string()),
  /**
   * The data queries the investigation ran, in order. A `ruledOut` line of the
   * deterministic analyst ends with the ids of the queries that measured it
   * (`[Q3, Q7]`), so "normal" can always be traced to a query that returned data.
   */
  queries: z
    .array(
      z.object({
        id: z.string(),
        source: z.string(),
        query: z.string(),
        outcome: z.enum(['data', 'empty', 'error']),
      }),
    )
    .optional(),
});
export type RcaReport = z.infer<typeof rcaReportSchema>;

export const rcaUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative().optional(),
  toolCalls: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type RcaUsage = z.infer<typeof rcaUsageSchema>;

/** What `chat.turns.stream` yields: the event plus its sequence number. */
export const turnStreamItemSchema = z.object({
  seq: z.number().int().min(1),
  event: rcaEventSchema,
});
export type TurnStreamItem = z.infer<typeof turnStreamItemSchema>;
