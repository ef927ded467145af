import { eq } from 'drizzle-orm';
import { llmConfigs, type Database } from '@vibemonitor/db';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { LlmSettings } from './llm-settings.js';

/**
 * Spends one investigation of the server's LLM allowance for a workspace.
 * The server's key (GROQ_API_KEY) is shared by every workspace without its
 * own model, so those are rate limited; a workspace that brought its own key
 * pays its own provider and is exempt, and with no server model at all the
 * deterministic analyst costs nothing and nothing is limited.
 * @throws AppError('TOO_MANY_REQUESTS') when the workspace spent its allowance.
 */
export async function consumeServerLlmAllowance({
  db,
  rateLimiter,
  llm,
  workspaceId,
}: {
  db: Database;
  rateLimiter: RateLimiter;
  llm: Pick<LlmSettings, 'serverDefault'>;
  workspaceId: string;
}): Promise<void> {
  if (!llm.serverDefault) return;
  const [own] = await db
    .select({ id: llmConfigs.id })
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId))
    .limit(1);
  if (own) return;
  await rateLimiter.consume('server_llm_workspace', workspaceId);
}
