import { codeTools } from './code-tools.js';
import type { InvestigationTool } from './investigation-tool.js';
import { errorLogsTool, queryLogsTool, searchLogsTool } from './log-tools.js';
import {
  cpuUsageTool,
  errorRateTool,
  findSeriesTool,
  latencyTool,
  listLabelsTool,
  memoryUsageTool,
  queryMetricsTool,
} from './metric-tools.js';

/**
 * The tools the model may call, given the kinds of sources connected. All are
 * read-only: they query logs, metrics and code and nothing else, so a misled model
 * can waste budget but cannot change anything.
 */
export function readOnlyTools({
  hasLogs,
  hasMetrics,
  hasCode = false,
}: {
  hasLogs: boolean;
  hasMetrics: boolean;
  /** GitHub connected with repositories attached: the code tools too. */
  hasCode?: boolean;
}): InvestigationTool[] {
  const tools: InvestigationTool[] = [];
  if (hasLogs) tools.push(errorLogsTool, searchLogsTool, queryLogsTool);
  if (hasMetrics)
    tools.push(
      latencyTool,
      errorRateTool,
      cpuUsageTool,
      memoryUsageTool,
      queryMetricsTool,
      findSeriesTool,
    );
  if (hasLogs || hasMetrics) tools.push(listLabelsTool);
  if (hasCode) tools.push(...codeTools);
  return tools;
}
