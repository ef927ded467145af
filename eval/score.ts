import type { RcaReport, RcaUsage } from '@vibemonitor/contracts';
import { causeClassesOf, primaryCauseClass, type CauseClass } from './scenarios/cause-classes.js';
import type { EvalCase } from './scenarios/eval-cases.js';

/** One scored run of one case. */
export interface EvalScore {
  scenario: string;
  /** `deterministic`, or the model that answered. */
  analyst: string;
  expected: string;
  found: string;
  pass: boolean;
  /** Why it failed, in a few words (empty when it passed). */
  reason: string;
  serviceOk: boolean;
  causeOk: boolean;
  /** The root cause cites evidence and every cited id exists in the report (null: no root cause to cite for). */
  evidenceOk: boolean | null;
  /** Share of the scenario's facts found in the report's text. */
  facts: number;
  toolCalls: number;
  tokens: number;
  costUsd: number | null;
  wallSeconds: number;
}

/**
 * The honesty rule, checked against the engine's own query log: every
 * "ruled out" line of a deterministic report cites the queries that measured
 * it (`[Q3, Q7]`), each of which ran and returned data (a "no changes" line
 * may cite a query that found none, but not one that failed). Returns the
 * first line that breaks it, or null. Model-written reports cite evidence
 * ids instead, checked by the engine's citation validation.
 */
export function dishonestRuledOut(report: RcaReport): string | null {
  if (report.analyst !== 'deterministic') return null;
  const ran = new Map((report.queries ?? []).map((q) => [q.id, q.outcome]));
  for (const line of report.ruledOut) {
    const ids = [...line.matchAll(/\bQ\d+\b/g)].map((m) => m[0]);
    if (ids.length === 0) return line;
    const noneFound = /^Recent changes/.test(line);
    for (const id of ids) {
      const outcome = ran.get(id);
      if (outcome === undefined || outcome === 'error') return line;
      if (outcome === 'empty' && !noneFound) return line;
    }
  }
  return null;
}

/** Summaries that say nothing abnormal was found. */
const NOTHING_ABNORMAL =
  /no anomal|nothing (?:abnormal|stood out|unusual)|no clear root cause|within (?:its|their) normal|(?:looks?|is|are) (?:healthy|normal)|no (?:abnormal|unusual)/i;

function label(service: string | null, causes: readonly CauseClass[]): string {
  if (service === null) return 'nothing abnormal';
  return `${service}/${causes.join('|') || '?'}`;
}

/** The evidence check: cited ids exist, and a root cause cites at least one. */
function evidenceCited(report: RcaReport): boolean | null {
  if (report.rootCause === null) return null;
  const ids = new Set(report.evidence.map((item) => item.id));
  return (
    report.rootCause.evidenceIds.length > 0 &&
    report.rootCause.evidenceIds.every((id) => ids.has(id))
  );
}

/**
 * Scores one report against its case. A fault scenario passes when the root
 * cause names the injected service, leads with a cause of the injected kind
 * (see causeClassesOf) and cites evidence that exists in the report. The
 * control passes when no root cause is named, or only a low-confidence one
 * with a summary that says nothing abnormal was found.
 */
export function scoreReport(input: {
  evalCase: EvalCase;
  report: RcaReport;
  usage: RcaUsage;
  wallMs: number;
}): EvalScore {
  const { evalCase, report, usage } = input;
  const text = JSON.stringify(report).toLowerCase();
  const facts =
    evalCase.facts.length === 0
      ? 1
      : evalCase.facts.filter((fact) => text.includes(fact)).length / evalCase.facts.length;
  const root = report.rootCause;
  const primary = root ? primaryCauseClass(root.cause) : null;
  const found = root
    ? `${root.service ?? '?'}/${primary ?? 'unclassified'} (${root.confidence})`
    : 'nothing abnormal';
  const evidenceOk = evidenceCited(report);
  const dishonest = dishonestRuledOut(report);
  const common = {
    scenario: evalCase.scenario,
    analyst: report.analyst === 'llm' ? (report.model ?? 'llm') : 'deterministic',
    expected: label(evalCase.expected.service, evalCase.expected.causes),
    found,
    evidenceOk,
    facts,
    toolCalls: usage.toolCalls,
    tokens: usage.inputTokens + usage.outputTokens,
    costUsd: usage.costUsd ?? null,
    wallSeconds: input.wallMs / 1000,
  };

  if (evalCase.expected.service === null) {
    const quiet =
      root === null || (root.confidence === 'low' && NOTHING_ABNORMAL.test(report.summary));
    return {
      ...common,
      serviceOk: quiet,
      causeOk: quiet,
      pass: quiet && dishonest === null,
      reason: !quiet
        ? `named ${found}`
        : dishonest
          ? `ruled out unmeasured: ${dishonest.slice(0, 60)}`
          : '',
    };
  }
  const serviceOk = root?.service === evalCase.expected.service;
  const causeOk = primary !== null && evalCase.expected.causes.includes(primary);
  const pass = serviceOk && causeOk && evidenceOk === true && dishonest === null;
  const reason = !root
    ? 'no root cause'
    : !serviceOk
      ? 'wrong service'
      : !causeOk
        ? `cause reads as ${primary ?? 'unclassified'}${causeClassesOf(root.cause).length > 1 ? ` (also ${causeClassesOf(root.cause).slice(1).join(', ')})` : ''}`
        : evidenceOk !== true
          ? 'evidence not cited'
          : dishonest
            ? `ruled out unmeasured: ${dishonest.slice(0, 60)}`
            : '';
  return { ...common, serviceOk, causeOk, pass, reason };
}

/** Passed cases over all cases, e.g. `11/12`. */
export function accuracy(scores: readonly EvalScore[]): { passed: number; total: number } {
  return { passed: scores.filter((s) => s.pass).length, total: scores.length };
}
