import type { RcaEvent, RcaReport, RcaUsage } from '@vibemonitor/sdk';
import type { Style } from './style.js';

const oneLine = (text: string, max = 160) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** What a tool was asked: its query when it has one, else its input in brief. */
function describeInput(input: Record<string, unknown>): string {
  for (const key of ['query', 'promql', 'logql', 'expr']) {
    if (typeof input[key] === 'string') return input[key] as string;
  }
  const json = JSON.stringify(input);
  return json === '{}' ? '' : json;
}

/** One streamed step as a line (or undefined for events shown elsewhere). */
export function renderEvent(event: RcaEvent, s: Style): string | undefined {
  switch (event.type) {
    case 'attempt_started':
      return event.attempt > 1
        ? s.yellow(
            `↻ retrying (attempt ${event.attempt}${event.reason ? `: ${event.reason}` : ''})`,
          )
        : s.dim('… investigating');
    case 'thinking':
      return s.dim(`  … ${oneLine(event.text)}`);
    case 'tool_start': {
      const input = describeInput(event.input);
      return `  ${s.cyan('→')} ${s.bold(event.tool)}${input ? ` ${s.dim(oneLine(input, 200))}` : ''}`;
    }
    case 'tool_end':
      return `  ${event.status === 'ok' ? s.green('✓') : s.red('✗')} ${event.tool} ${s.dim(`(${Math.round(event.durationMs)} ms)`)} ${oneLine(event.summary)}`;
    case 'finding':
      return event.interesting
        ? `  ${s.yellow('●')} ${s.bold(event.check)}: ${oneLine(event.summary, 300)}`
        : s.dim(`  ○ ${event.check}: ${oneLine(event.summary)}`);
    case 'error':
      return s.red(`✗ ${event.message} (${event.code})`);
    case 'cancelled':
      return s.yellow(`■ cancelled: ${event.reason}`);
    case 'complete':
      return undefined;
  }
}

const section = (title: string, lines: string[], s: Style): string[] =>
  lines.length ? ['', s.bold(title), ...lines.map((line) => `  ${line}`)] : [];

/** The report as the terminal shows it after the steps. */
export function renderReport(report: RcaReport, usage: RcaUsage | null, s: Style): string {
  const lines: string[] = [''];
  if (report.rootCause) {
    const confidence = report.rootCause.confidence;
    const colour = confidence === 'high' ? s.green : confidence === 'medium' ? s.yellow : s.dim;
    lines.push(
      `${s.bold('Root cause')} ${colour(`(${confidence} confidence)`)}: ${report.rootCause.service ? `${s.bold(report.rootCause.service)}: ` : ''}${report.rootCause.cause}`,
    );
    if (report.rootCause.evidenceIds.length)
      lines.push(s.dim(`  evidence ${report.rootCause.evidenceIds.join(', ')}`));
  } else {
    lines.push(`${s.bold('Root cause')}: not determined`);
  }
  lines.push('', report.summary);
  lines.push(
    ...section(
      'Evidence',
      report.evidence.flatMap((e) => [
        `[${e.id}] ${s.dim(e.source)} ${e.summary}`,
        ...(e.query ? [s.dim(`     query: ${e.query}`)] : []),
      ]),
      s,
    ),
  );
  lines.push(...section('Ruled out', report.ruledOut, s));
  lines.push(...section('Not checked', report.notChecked, s));
  lines.push(
    ...section(
      'Timeline',
      report.timeline.map((t) => `${t.at}  ${t.text}`),
      s,
    ),
  );
  lines.push(
    ...section(
      'Next steps',
      report.nextSteps.map((step, i) => `${i + 1}. ${step}`),
      s,
    ),
  );
  const analyst =
    report.analyst === 'llm'
      ? `model ${report.model ?? 'unknown'}`
      : 'deterministic analyst (no model)';
  const figures = usage
    ? [
        `${usage.toolCalls} tool calls`,
        `${(usage.durationMs / 1000).toFixed(1)} s`,
        `${usage.inputTokens + usage.outputTokens} tokens`,
        ...(usage.costUsd !== undefined ? [`$${usage.costUsd.toFixed(4)}`] : []),
      ]
    : [];
  lines.push('', s.dim([analyst, ...figures].join(' · ')));
  return lines.join('\n');
}

/** Rows as aligned columns. */
export function table(rows: string[][], header: string[], s: Style): string {
  const all = [header, ...rows];
  // eslint-disable-next-line no-control-regex
  const visible = (cell: string) => cell.replace(/\u001b\[\d+m/g, '').length;
  const widths = header.map((_, i) => Math.max(...all.map((row) => visible(row[i] ?? ''))));
  const format = (row: string[]) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell)),
      )
      .join('  ');
  return [s.bold(format(header)), ...rows.map(format)].join('\n');
}
