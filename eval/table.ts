import type { EvalScore } from './score.js';

const columns: Array<{ title: string; cell: (s: EvalScore) => string }> = [
  { title: 'scenario', cell: (s) => s.scenario },
  { title: 'expected', cell: (s) => s.expected },
  { title: 'found', cell: (s) => s.found },
  { title: 'pass', cell: (s) => (s.pass ? 'PASS' : `FAIL: ${s.reason}`) },
  {
    title: 'evidence',
    cell: (s) => (s.evidenceOk === null ? 'n/a' : s.evidenceOk ? 'cited' : 'MISSING'),
  },
  { title: 'facts', cell: (s) => `${Math.round(s.facts * 100)}%` },
  { title: 'tool calls', cell: (s) => String(s.toolCalls) },
  { title: 'tokens', cell: (s) => String(s.tokens) },
  { title: 'cost', cell: (s) => (s.costUsd === null ? '-' : `$${s.costUsd.toFixed(4)}`) },
  { title: 'wall s', cell: (s) => s.wallSeconds.toFixed(1) },
];

/** The scores as a Markdown table (readable in a terminal, pasteable into the README). */
export function formatTable(scores: readonly EvalScore[]): string {
  const rows = scores.map((score) => columns.map((column) => column.cell(score)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(columns.map((c) => c.title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
