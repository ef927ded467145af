import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import { parseJson, shortBody, type Endpoint } from './endpoint.js';
import type { SafeResponse } from './safe-fetch.js';

// Prometheus and Loki answer `{ status, data, warnings }` or `{ status: "error", errorType, error }`.
const envelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/**
 * The `data` of a Prometheus-style API answer. A 400/422 (bad_data,
 * execution: the query itself is wrong) becomes VALIDATION_FAILED carrying
 * the service's own message, e.g. "parse error at line 1, col 5"; `language`
 * names what was rejected ("PromQL", "LogQL").
 */
export function readEnvelope(
  response: SafeResponse,
  endpoint: Endpoint,
  language: string,
): { data: unknown; warnings: string[] } {
  if (response.status === 400 || response.status === 422) {
    let message = shortBody(response.body, 500);
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(response.body));
      if (parsed.success && parsed.data.error) message = parsed.data.error;
    } catch {
      // Loki answers syntax errors as plain text: the body is the message.
    }
    throw new AppError(
      'VALIDATION_FAILED',
      `${language} error from ${endpoint.label}: ${message}`,
      {
        cause: 'query_rejected',
        status: response.status,
      },
    );
  }
  const parsed = envelopeSchema.safeParse(parseJson(response, endpoint.label));
  if (!parsed.success) {
    throw new AppError(
      'UNAVAILABLE',
      `${endpoint.label} answered in an unexpected format: is the URL pointing at the right service?`,
      {
        cause: 'unexpected_format',
      },
    );
  }
  if (parsed.data.status === 'error') {
    throw new AppError(
      'UNAVAILABLE',
      `${endpoint.label} reported an error: ${parsed.data.error ?? parsed.data.errorType ?? 'unknown'}`,
      {
        cause: 'api_error',
      },
    );
  }
  return { data: parsed.data.data, warnings: parsed.data.warnings ?? [] };
}

/** Parses `data` with `schema`, or says the service answered something unexpected. */
export function readData<T>(schema: z.ZodType<T>, data: unknown, endpoint: Endpoint): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new AppError(
      'UNAVAILABLE',
      `${endpoint.label} answered in an unexpected format: is the URL pointing at the right service?`,
      {
        cause: 'unexpected_format',
      },
    );
  }
  return parsed.data;
}
