import type { LlmProvider } from './llm-providers.js';

/** What `llmConfig.put` stores. `apiKey` may be left out to keep the saved key (same provider and endpoint). */
export type LlmConfigInput =
  | { provider: Exclude<LlmProvider, 'azure_openai'>; model: string; apiKey?: string | undefined }
  | {
      provider: 'azure_openai';
      model: string;
      apiKey?: string | undefined;
      /** The resource endpoint, e.g. https://acme.openai.azure.com. */
      endpoint: string;
      deployment: string;
      /** e.g. 2024-10-21. */
      apiVersion: string;
    };
