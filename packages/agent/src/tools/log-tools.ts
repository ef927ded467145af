import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { escapeLabelValue } from '@vibemonitor/integrations';
import { minePatterns } from '../evidence/index.js';
import { capText, formatLogLines, formatSeries } from './format-result.js';
import {
  defineTool,
  pickSource,
  resolveService,
  spanFrom,
  type ToolContext,
} from './investigation-tool.js';

const time = {
  start: z
    .string()
    .optional()
    .describe('ISO 8601 start; default: the start of the incident window'),
  end: z.string().optional().describe('ISO 8601 end; default: now'),
};
const sourceArg = z.string().optional().describe('Log source name; default: the first one');

/** Lines that read like failures; the same words the pattern diff treats as errors. */
export const ERROR_LINE_REGEX =
  '(?i)(error|exception|fail|fatal|panic|crit|timeout|timed out|refused|denied|unavailable|oom|killed|cannot|unable|no space|expired|invalid|reset)';

function selectorFor(
  context: ToolContext,
  sourceName: string | undefined,
  service: string | undefined,
  selector: string | undefined,
) {
  const source = pickSource(context.logs, sourceName, 'logs');
  if (selector) return { source, selector };
  if (!service)
    throw new AppError(
      'VALIDATION_FAILED',
      'Give a service or a stream selector such as {app="orders"}.',
    );
  const name = resolveService(context.directory, service);
  const found = context.directory.logSelector(source, name);
  if (!found)
    throw new AppError(
      'VALIDATION_FAILED',
      `"${name}" has no logs in ${source.name} (no service-like label matched it). Use list_labels to find its labels.`,
    );
  return { source, selector: found };
}

export const searchLogsTool = defineTool({
  name: 'search_logs',
  description:
    'Log lines of a service (or a LogQL stream selector), optionally filtered by text or regex. At most 100 lines, newest first; narrow with contains/regex or a shorter window.',
  schema: z.object({
    service: z.string().optional().describe('Service name, e.g. "orders"'),
    selector: z
      .string()
      .optional()
      .describe('LogQL stream selector instead of a service, e.g. {app="orders", level="error"}'),
    contains: z.string().optional().describe('Keep lines containing this text'),
    regex: z.string().optional().describe('Keep lines matching this RE2 regex'),
    limit: z.number().int().min(1).max(100).optional(),
    source: sourceArg,
    ...time,
  }),
  async run(args, context) {
    const { source, selector } = selectorFor(context, args.source, args.service, args.selector);
    const span = spanFrom(args, context.window.incident);
    const query = `${selector}${args.contains ? ` |= "${escapeLabelValue(args.contains)}"` : ''}${args.regex ? ` |~ "${escapeLabelValue(args.regex)}"` : ''}`;
    const limit = Math.min(args.limit ?? context.budget.maxLogLines, context.budget.maxLogLines);
    const result = await source.lines({ query, ...span, limit, signal: context.signal });
    const text = capText(
      formatLogLines(result.lines, result.truncated, limit),
      context.budget.maxResultChars,
      'Add a line filter (contains/regex) or shorten the window.',
    );
    return {
      text: text.text,
      query,
      summary: `${result.lines.length}${result.truncated ? '+' : ''} log lines for ${query}`,
    };
  },
});

export const errorLogsTool = defineTool({
  name: 'error_logs',
  description:
    'Error-like log lines of a service in a window, grouped into patterns (templates with counts and one example each). The cheapest way to see what a service is complaining about.',
  schema: z.object({ service: z.string().describe('Service name'), source: sourceArg, ...time }),
  async run(args, context) {
    const { source, selector } = selectorFor(context, args.source, args.service, undefined);
    const span = spanFrom(args, context.window.incident);
    const query = `${selector} |~ "${escapeLabelValue(ERROR_LINE_REGEX)}"`;
    // Patterns need volume: read up to 1000 lines here; the model only sees the top templates.
    const result = await source.lines({ query, ...span, limit: 1000, signal: context.signal });
    if (result.lines.length === 0)
      return {
        text: 'No error-like log lines in that window.',
        query,
        summary: `no error lines for ${selector}`,
      };
    const patterns = minePatterns(
      result.lines.map((l) => ({ line: l.line, timestamp: l.timestamp })),
    ).slice(0, 10);
    const rows = patterns.map(
      (p) => `${p.count}x ${p.template}\n   e.g. ${(p.examples[0] ?? '').slice(0, 240)}`,
    );
    const head = `${result.lines.length}${result.truncated ? '+ (sampled: newest 1000)' : ''} error-like lines, ${patterns.length} top patterns:`;
    const text = capText(
      `${head}\n${rows.join('\n')}`,
      context.budget.maxResultChars,
      'Use search_logs with contains= to read one pattern.',
    );
    return {
      text: text.text,
      query,
      summary: `${result.lines.length} error lines in ${patterns.length} patterns for ${selector}; top: ${patterns[0]?.template.slice(0, 80) ?? ''}`,
    };
  },
});

const METRIC_QUERY =
  /^\s*(?:sum|avg|min|max|count|topk|bottomk|stddev|stdvar|sort|sort_desc|rate|count_over_time|bytes_over_time|bytes_rate|absent_over_time|quantile_over_time|avg_over_time|max_over_time|min_over_time|sum_over_time|first_over_time|last_over_time)\b/;

export const queryLogsTool = defineTool({
  name: 'query_logs',
  description:
    'Runs raw LogQL: a log query returns lines (at most 100), a metric query such as sum by (level) (count_over_time({app="x"}[1m])) returns series.',
  schema: z.object({
    logql: z.string().min(3),
    limit: z.number().int().min(1).max(100).optional(),
    step: z.number().int().min(1).optional().describe('Seconds between points for metric queries'),
    source: sourceArg,
    ...time,
  }),
  async run(args, context) {
    const source = pickSource(context.logs, args.source, 'logs');
    const span = spanFrom(args, context.window.incident);
    if (METRIC_QUERY.test(args.logql)) {
      const result = await source.metric({
        query: args.logql,
        ...span,
        ...(args.step ? { stepSeconds: args.step } : {}),
        signal: context.signal,
      });
      const text = capText(
        formatSeries(result.series, {
          maxSeries: context.budget.maxSeries,
          truncated: false,
          stepSeconds: result.stepSeconds,
        }),
        context.budget.maxResultChars,
        'Aggregate with sum by (...) or add matchers.',
      );
      return {
        text: text.text,
        query: args.logql,
        summary: `${result.series.length} series from ${args.logql}`,
      };
    }
    const limit = Math.min(args.limit ?? context.budget.maxLogLines, context.budget.maxLogLines);
    const result = await source.lines({
      query: args.logql,
      ...span,
      limit,
      signal: context.signal,
    });
    const text = capText(
      formatLogLines(result.lines, result.truncated, limit),
      context.budget.maxResultChars,
      'Add a line filter or shorten the window.',
    );
    return {
      text: text.text,
      query: args.logql,
      summary: `${result.lines.length}${result.truncated ? '+' : ''} log lines from ${args.logql}`,
    };
  },
});
