/** USD per million tokens, input and output, from the providers' public price lists. */
interface Price {
  input: number;
  output: number;
}

// Keys are matched against the model name without a provider prefix; the
// longest key that the name starts with wins (`gpt-4o-mini` before `gpt-4o`).
const prices: Record<string, Price> = {
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'meta-llama/llama-4-scout-17b-16e-instruct': { input: 0.11, output: 0.34 },
  'meta-llama/llama-4-maverick-17b-128e-instruct': { input: 0.2, output: 0.6 },
  'openai/gpt-oss-120b': { input: 0.15, output: 0.75 },
  'openai/gpt-oss-20b': { input: 0.1, output: 0.5 },
  'qwen/qwen3-32b': { input: 0.29, output: 0.59 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-pro': { input: 1.25, output: 10 },
};

const byLength = Object.keys(prices).sort((a, b) => b.length - a.length);

/**
 * Estimated cost of a run in USD, or undefined for a model missing from the
 * table (we would rather show no figure than a wrong one).
 */
export function estimateCostUsd(
  model: string | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  if (!model) return undefined;
  const name = model.toLowerCase();
  const key = byLength.find((candidate) => name === candidate || name.startsWith(candidate));
  if (key === undefined) return undefined;
  const price = prices[key]!;
  // Eight decimals: one short call costs a few millionths of a dollar.
  return (
    Math.round(((inputTokens * price.input + outputTokens * price.output) / 1_000_000) * 1e8) / 1e8
  );
}
