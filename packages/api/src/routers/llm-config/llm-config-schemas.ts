import { hasControlCharacters, llmProviders, mustSatisfy } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';

export const llmProviderSchema = z.enum(llmProviders);

const serverDefaultSchema = z.object({ provider: z.literal('groq'), model: z.string() });

export const fallbackLlmViewSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('server_default'),
    provider: z.literal('groq'),
    model: z.string(),
    serverDefault: serverDefaultSchema,
  }),
  z.object({ source: z.literal('none'), serverDefault: z.null() }),
]);

export const workspaceLlmViewSchema = z.object({
  source: z.literal('workspace'),
  provider: llmProviderSchema,
  model: z.string(),
  apiKeyLast4: z.string().nullable(),
  verified: z.boolean(),
  verifiedAt: z.date().nullable(),
  endpoint: z.string().nullable(),
  deployment: z.string().nullable(),
  apiVersion: z.string().nullable(),
  updatedAt: z.date(),
  serverDefault: serverDefaultSchema.nullable(),
});

export const llmConfigViewSchema = z.union([workspaceLlmViewSchema, fallbackLlmViewSchema]);

/*
 * Model and deployment names end up in request paths (Gemini's
 * /models/<model>:generateContent, Azure's /deployments/<deployment>/...),
 * so they are restricted to the characters real names use and never contain
 * `..` or start with a slash.
 */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/;
const AZURE_DEPLOYMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const AZURE_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

const modelField = text({ message: 'Enter the model name.' })
  .trim()
  .min(1, 'Enter the model name.')
  .max(200, 'Model names are at most 200 characters.')
  .transform(
    mustSatisfy(
      (model) => MODEL_NAME.test(model) && !model.includes('..'),
      'Enter the model name as the provider spells it, e.g. gpt-4o-mini or llama-3.3-70b-versatile.',
    ),
  );

const apiKeyField = text({ message: 'Enter the API key.' })
  .trim()
  .min(8, 'That API key is too short to be real: paste the whole key.')
  .max(1000, 'API keys are at most 1000 characters.')
  .transform(
    mustSatisfy(
      (key) => !hasControlCharacters(key) && !/\s/.test(key),
      'API keys cannot contain spaces or control characters.',
    ),
  )
  .optional();

const azureFields = {
  endpoint: text({
    message: 'Enter the Azure OpenAI endpoint, e.g. https://acme.openai.azure.com.',
  })
    .trim()
    .min(1, 'Enter the Azure OpenAI endpoint, e.g. https://acme.openai.azure.com.')
    .max(500, 'The endpoint is at most 500 characters.'),
  deployment: text({ message: 'Enter the Azure OpenAI deployment name.' })
    .trim()
    .min(1, 'Enter the Azure OpenAI deployment name.')
    .max(64, 'Azure deployment names are at most 64 characters.')
    .transform(
      mustSatisfy(
        (name) => AZURE_DEPLOYMENT.test(name),
        'Azure deployment names contain only letters, digits, ".", "_" and "-".',
      ),
    ),
  apiVersion: text({ message: 'Enter the Azure OpenAI API version, e.g. 2024-10-21.' })
    .trim()
    .min(1, 'Enter the Azure OpenAI API version, e.g. 2024-10-21.')
    .max(40, 'Enter the Azure OpenAI API version, e.g. 2024-10-21.')
    .transform(
      mustSatisfy(
        (version) => AZURE_API_VERSION.test(version),
        'Enter the Azure OpenAI API version as a date, e.g. 2024-10-21 or 2025-01-01-preview.',
      ),
    ),
};

/** One shape per provider; Azure also needs its endpoint, deployment and API version. */
export const llmConfigInputSchema = z.discriminatedUnion(
  'provider',
  [
    z.object({ provider: z.literal('groq'), model: modelField, apiKey: apiKeyField }),
    z.object({ provider: z.literal('openai'), model: modelField, apiKey: apiKeyField }),
    z.object({ provider: z.literal('gemini'), model: modelField, apiKey: apiKeyField }),
    z.object({
      provider: z.literal('azure_openai'),
      model: modelField,
      apiKey: apiKeyField,
      ...azureFields,
    }),
  ],
  { error: () => `provider must be one of ${llmProviders.join(', ')}.` },
);
