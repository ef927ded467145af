import { HumanMessage } from '@langchain/core/messages';
import { and, eq, sql } from 'drizzle-orm';
import type { SecretBox } from '@vibemonitor/auth';
import { AppError } from '@vibemonitor/contracts';
import { llmConfigs, type Database } from '@vibemonitor/db';
import { assertUrlAllowed } from '@vibemonitor/integrations';
import { createChatModel, effectiveLlmBaseUrl, llmDestinationPolicy } from './create-chat-model.js';
import { describeLlmFailure } from './describe-llm-failure.js';
import type { LlmProvider } from './llm-providers.js';
import { llmNetwork, type LlmSettings } from './llm-settings.js';

export interface LlmVerification {
  verified: true;
  provider: LlmProvider;
  model: string;
  verifiedAt: Date;
  /** How long the provider took to answer the test call. */
  latencyMs: number;
}

/* Small and deterministic: the answer does not matter, only that the provider accepted the call. */
const VERIFY_PROMPT = 'Reply with the single word OK.';
const VERIFY_MAX_TOKENS = 32;

/**
 * Makes one minimal chat call with the workspace's saved LLM, through the
 * same LangChain client investigations use, and marks the configuration
 * verified when it succeeds. A rejected key or an unknown model/deployment is
 * PRECONDITION_FAILED and clears the verified mark (the saved settings do not
 * work); an unreachable, slow, rate-limited or failing provider is
 * UNAVAILABLE and leaves the mark alone (it may be a passing outage). An
 * endpoint that resolves (or redirects) to a refused address is refused
 * before anything is sent to that address.
 * `details.reason` says which, for clients that branch on it.
 */
export async function verifyLlmConfig({
  db,
  secrets,
  settings,
  workspaceId,
  now = () => new Date(),
}: {
  db: Database;
  secrets: SecretBox;
  settings: LlmSettings;
  workspaceId: string;
  now?: () => Date;
}): Promise<LlmVerification> {
  const [saved] = await db
    .select({
      provider: llmConfigs.provider,
      model: llmConfigs.model,
      apiKeyEnc: llmConfigs.apiKeyEnc,
      endpoint: llmConfigs.endpoint,
      deployment: llmConfigs.deployment,
      apiVersion: llmConfigs.apiVersion,
      // Exact text form: marks the verification only if the settings did not change meanwhile.
      version: sql<string>`${llmConfigs.updatedAt}::text`,
    })
    .from(llmConfigs)
    .where(eq(llmConfigs.workspaceId, workspaceId));
  if (!saved?.apiKeyEnc) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'This workspace has no LLM of its own to verify: save one with llmConfig.put first.',
    );
  }
  const config = {
    provider: saved.provider,
    model: saved.model,
    apiKey: secrets.decryptSecret(saved.apiKeyEnc),
    endpoint: saved.endpoint,
    deployment: saved.deployment,
    apiVersion: saved.apiVersion,
    baseUrlOverride: settings.baseUrls[saved.provider],
    network: llmNetwork(settings),
  };
  // Checked when saved, but the name may resolve elsewhere by now: a clear refusal before the call.
  // (A name that stopped resolving is an outage, reported by the call; the client's fetch checks
  // every connection again, redirects included.)
  if (saved.endpoint) await assertUrlAllowed(saved.endpoint, llmDestinationPolicy(config));
  const timeoutMs = settings.verifyTimeoutMs;
  const sameVersion = and(
    eq(llmConfigs.workspaceId, workspaceId),
    sql`${llmConfigs.updatedAt} = ${saved.version}::timestamptz`,
  );

  const started = performance.now();
  try {
    // No retries: a person is waiting, and a failure is an answer too.
    const model = createChatModel({
      ...config,
      timeoutMs,
      maxRetries: 0,
      maxTokens: VERIFY_MAX_TOKENS,
    });
    await model.invoke([new HumanMessage(VERIFY_PROMPT)], {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const failure = describeLlmFailure({
      provider: saved.provider,
      error,
      model: saved.model,
      deployment: saved.deployment,
      host: new URL(effectiveLlmBaseUrl(config)).host,
      timeoutMs,
    });
    // A refused destination (e.g. a redirect to a metadata address) will not pass on retry either.
    const definitive =
      failure.reason === 'key_rejected' ||
      failure.reason === 'model_not_found' ||
      failure.reason === 'blocked_destination';
    if (definitive) await db.update(llmConfigs).set({ verifiedAt: null }).where(sameVersion);
    throw new AppError(definitive ? 'PRECONDITION_FAILED' : 'UNAVAILABLE', failure.message, {
      reason: failure.reason,
      provider: saved.provider,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
    });
  }
  const latencyMs = Math.round(performance.now() - started);
  const verifiedAt = now();
  const marked = await db
    .update(llmConfigs)
    .set({ verifiedAt })
    .where(sameVersion)
    .returning({ id: llmConfigs.id });
  if (marked.length === 0) {
    throw new AppError(
      'CONFLICT',
      'The LLM settings changed or were reset while they were being verified: verify them again.',
    );
  }
  return { verified: true, provider: saved.provider, model: saved.model, verifiedAt, latencyMs };
}
