import type { CheckResult } from '../checks/check-result.js';
import type { ServiceDirectory } from '../checks/service-directory.js';
import type { InvestigationWindow } from '../engine/investigation-window.js';
import type { LogSource, MetricSource } from '../sources/data-sources.js';

const MAX_EVIDENCE_CHARS = 240;

/**
 * The first user message of the agent: the question, where to look, and the
 * deterministic checks' results in compact form with their evidence ids.
 * Only what the checks found interesting is detailed; the rest is one line
 * each, so the model's context starts small.
 */
export function investigationBrief(input: {
  question: string;
  window: InvestigationWindow;
  directory: ServiceDirectory;
  metrics: readonly MetricSource[];
  logs: readonly LogSource[];
  environment: string | null;
  checks: readonly CheckResult[];
  notChecked: readonly string[];
}): string {
  const { window } = input;
  const lines: string[] = [
    `Question: ${input.question}`,
    '',
    `Incident window: ${window.incident.start.toISOString()} to ${window.incident.end.toISOString()} (baseline: the same length just before).`,
    ...(input.environment ? [`Environment: ${input.environment}`] : []),
    `Metrics sources: ${input.metrics.map((s) => s.name).join(', ') || 'none'}. Log sources: ${input.logs.map((s) => s.name).join(', ') || 'none'}.`,
    `Services: ${input.directory.services.join(', ') || 'none discovered'}${input.directory.focus ? ` (the question is about ${input.directory.focus.service})` : ''}.`,
    '',
    'Deterministic checks:',
  ];
  for (const check of input.checks) {
    lines.push(
      `- ${check.check}: ${check.interesting ? 'INTERESTING' : 'normal'}: ${check.summary}`,
    );
    if (!check.interesting) continue;
    for (const finding of check.findings.slice(0, 6)) {
      lines.push(`  * ${finding.service}: ${finding.text} [${finding.evidenceIds.join(', ')}]`);
    }
  }
  const evidence = input.checks.flatMap((check) => check.evidence);
  if (evidence.length > 0) {
    lines.push('', 'Evidence so far:');
    for (const item of evidence) {
      const summary =
        item.summary.length > MAX_EVIDENCE_CHARS
          ? `${item.summary.slice(0, MAX_EVIDENCE_CHARS)}…`
          : item.summary;
      lines.push(`${item.id} (${item.source}): ${summary}`);
    }
  }
  if (input.notChecked.length > 0) lines.push('', `Not checked: ${input.notChecked.join('; ')}`);
  lines.push('', 'Investigate, then answer with the JSON object.');
  return lines.join('\n');
}
