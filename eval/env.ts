import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * What `pnpm eval` reads from the environment: model keys (each present key
 * adds a model run next to the offline one). DATABASE_URL / REDIS_URL pick
 * the drivers, through the test fixtures the suite starts its stack with.
 */
export const evalEnvSchema = z.object({
  GROQ_API_KEY: optional,
  GROQ_LLM_MODEL: z.string().default('llama-3.3-70b-versatile'),
  OPENAI_API_KEY: optional,
  EVAL_OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  // Passed to the server: model calls through a proxy or gateway.
  GROQ_BASE_URL: optional,
  OPENAI_BASE_URL: optional,
  // Only to say in the output which drivers the stack runs on.
  DATABASE_URL: optional,
  REDIS_URL: optional,
});

export type EvalEnv = z.infer<typeof evalEnvSchema>;

export function loadEvalEnv(env: Record<string, string | undefined> = process.env): EvalEnv {
  return evalEnvSchema.parse(env);
}
