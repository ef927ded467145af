import type { RcaReport } from '@vibemonitor/contracts';
import { primaryCauseClass } from '../scenarios/cause-classes.js';
import type { LabFault } from './faults.js';

/** One fault's row in the lab's table. */
export interface LabResult {
  fault: string;
  expected: string;
  /** `skipped` rows carry the reason in `note`. */
  outcome: 'pass' | 'fail' | 'skipped';
  alert: string | null;
  alertAfterSeconds: number | null;
  investigationStarted: boolean;
  culprit: string | null;
  causeClass: string | null;
  /** Alert groups (investigations) the fault started in all. */
  investigations: number;
  note: string;
  /** The report's root cause text, for the note. */
  cause: string | null;
  summary: string | null;
  /** What the report ruled out and could not check (for the JSON output: why a fault failed). */
  ruledOut?: string[];
  notChecked?: string[];
}

/**
 * A fault passes when the first investigation it started names the expected
 * service as the root cause and leads with a cause of the expected kind
 * and cites evidence that exists in the report (the same classification as
 * `pnpm eval`).
 */
export function scoreFault(input: {
  fault: LabFault;
  report: RcaReport | null;
}): Pick<
  LabResult,
  'outcome' | 'culprit' | 'causeClass' | 'cause' | 'summary' | 'note' | 'ruledOut' | 'notChecked'
> {
  const { fault, report } = input;
  const root = report?.rootCause ?? null;
  const culprit = root?.service ?? null;
  const causeClass = root ? primaryCauseClass(root.cause) : null;
  const serviceOk = culprit === fault.expected.service;
  const causeOk = causeClass !== null && fault.expected.causes.includes(causeClass);
  const cited = new Set(report?.evidence.map((e) => e.id) ?? []);
  const evidenceOk =
    root !== null && root.evidenceIds.length > 0 && root.evidenceIds.every((id) => cited.has(id));
  const note = !report
    ? 'no report'
    : !root
      ? 'no root cause'
      : !serviceOk
        ? 'wrong service'
        : !causeOk
          ? `cause reads as ${causeClass ?? 'unclassified'}`
          : !evidenceOk
            ? 'evidence not cited'
            : '';
  return {
    outcome: serviceOk && causeOk && evidenceOk ? 'pass' : 'fail',
    culprit,
    causeClass,
    cause: root?.cause ?? null,
    summary: report?.summary ?? null,
    ruledOut: report?.ruledOut ?? [],
    notChecked: report?.notChecked ?? [],
    note,
  };
}

const columns: Array<{ title: string; cell: (r: LabResult) => string }> = [
  { title: 'fault', cell: (r) => r.fault },
  { title: 'expected', cell: (r) => r.expected },
  { title: 'alert', cell: (r) => r.alert ?? '-' },
  {
    title: 'fired after s',
    cell: (r) => (r.alertAfterSeconds === null ? '-' : r.alertAfterSeconds.toFixed(1)),
  },
  {
    title: 'investigation',
    cell: (r) =>
      r.outcome === 'skipped'
        ? '-'
        : r.investigationStarted
          ? `started (${r.investigations})`
          : 'NONE',
  },
  { title: 'culprit named', cell: (r) => r.culprit ?? '-' },
  { title: 'cause class', cell: (r) => r.causeClass ?? '-' },
  {
    title: 'result',
    cell: (r) =>
      r.outcome === 'pass'
        ? 'PASS'
        : r.outcome === 'skipped'
          ? `SKIPPED: ${r.note}`
          : `FAIL: ${r.note}`,
  },
];

/** The lab's results as a Markdown table, like `pnpm eval`'s. */
export function formatLabTable(results: readonly LabResult[]): string {
  // A `|` inside a cell (`redis/network|slow_dependency`) is escaped so the Markdown table keeps its columns.
  const rows = results.map((r) => columns.map((c) => c.cell(r).replaceAll('|', '\\|')));
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(columns.map((c) => c.title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
