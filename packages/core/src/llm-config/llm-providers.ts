import { llmProviders, type LlmProvider } from '@vibemonitor/db';

export { llmProviders, type LlmProvider };

/** Provider names as people write them, for messages. */
export const llmProviderNames: Record<LlmProvider, string> = {
  groq: 'Groq',
  openai: 'OpenAI',
  azure_openai: 'Azure OpenAI',
  gemini: 'Google Gemini',
};
