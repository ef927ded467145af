import { AppError } from '@vibemonitor/contracts';
import type { z } from 'zod';
import type { InvestigationBudget } from '../budget/investigation-budget.js';
import type { ServiceDirectory } from '../checks/service-directory.js';
import type { InvestigationWindow, TimeSpan } from '../engine/investigation-window.js';
import type { CodeSource, LogSource, MetricSource } from '../sources/data-sources.js';

/** What every tool may read: the injected sources, the service directory, the windows and the budget. */
export interface ToolContext {
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  /** The environment's repositories; absent or null when GitHub is not connected. */
  code?: CodeSource | null;
  directory: ServiceDirectory;
  window: InvestigationWindow;
  budget: InvestigationBudget;
  /** Aborted on cancel or at the tool's deadline. */
  signal: AbortSignal;
}

export interface ToolOutcome {
  /** What the model reads (already capped). */
  text: string;
  /** One line for the `tool_end` event and the evidence list. */
  summary: string;
  /** The PromQL/LogQL that ran, for the evidence. */
  query?: string;
}

/** A read-only tool: a name and a zod schema the model sees, and the code that runs it. */
export interface InvestigationTool<Schema extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  schema: Schema;
  run(args: z.infer<Schema>, context: ToolContext): Promise<ToolOutcome>;
}

/** Declares a tool with its argument types inferred from the schema. */
export function defineTool<Schema extends z.ZodObject>(
  tool: InvestigationTool<Schema>,
): InvestigationTool {
  return tool as unknown as InvestigationTool;
}

/** The source named by id or name (case-insensitive), else the first one; a clear error when there is none. */
export function pickSource<S extends MetricSource | LogSource>(
  sources: readonly S[],
  wanted: string | undefined,
  kind: 'metrics' | 'logs',
): S {
  if (sources.length === 0) {
    throw new AppError(
      'PRECONDITION_FAILED',
      kind === 'logs'
        ? 'No log source (Loki) is connected in this workspace.'
        : 'No metrics source (Prometheus) is connected in this workspace.',
    );
  }
  if (!wanted) return sources[0]!;
  const lower = wanted.toLowerCase();
  const found = sources.find(
    (source) => source.id === wanted || source.name.toLowerCase() === lower,
  );
  if (!found)
    throw new AppError(
      'VALIDATION_FAILED',
      `No ${kind} source "${wanted}". Available: ${sources.map((s) => `"${s.name}"`).join(', ')}.`,
    );
  return found;
}

/** A time span from optional ISO arguments, defaulting to `fallback`; refuses nonsense instead of guessing. */
export function spanFrom(
  args: { start?: string | undefined; end?: string | undefined },
  fallback: TimeSpan,
): TimeSpan {
  const parse = (text: string | undefined, name: string, otherwise: Date) => {
    if (!text) return otherwise;
    const ms = Date.parse(text);
    if (Number.isNaN(ms))
      throw new AppError(
        'VALIDATION_FAILED',
        `${name} "${text}" is not an ISO 8601 time (e.g. 2025-01-31T14:05:00Z).`,
      );
    return new Date(ms);
  };
  const start = parse(args.start, 'start', fallback.start);
  const end = parse(args.end, 'end', fallback.end);
  if (end.getTime() <= start.getTime())
    throw new AppError('VALIDATION_FAILED', 'end must be after start.');
  return { start, end };
}

/** The service's canonical name, or an error listing the known ones. */
export function resolveService(directory: ServiceDirectory, name: string): string {
  const service = directory.resolve(name);
  if (service === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown service "${name}". Known services: ${directory.services.join(', ') || 'none were discovered'}.`,
    );
  }
  return service;
}
