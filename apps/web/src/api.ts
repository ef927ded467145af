import { QueryClient } from '@tanstack/react-query';
import { TRPCClientError, createClient } from '@vibemonitor/sdk';

/**
 * Same origin as the API: the browser sends the HttpOnly session cookie by
 * itself (no token in JavaScript), and SSE subscriptions carry it too.
 */
export const trpcClient = createClient({ url: window.location.origin });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Auth and permission errors will not fix themselves by retrying.
      retry: (count, error) => count < 2 && !isClientError(error),
      refetchOnWindowFocus: false,
    },
  },
});

export interface FieldIssue {
  path: string;
  message: string;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  appCode?: string;
  validation?: FieldIssue[];
  requestId?: string;
}

export function errorData(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

function isClientError(error: unknown): boolean {
  const status = errorData(error)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
}

export function isUnauthorized(error: unknown): boolean {
  return errorData(error)?.code === 'UNAUTHORIZED';
}

/** A sentence for the person: the server's message, or a generic one for network failures. */
export function errorMessage(error: unknown): string {
  if (!error) return '';
  if (error instanceof TRPCClientError) {
    const data = errorData(error);
    if (data?.validation && data.validation.length > 0)
      return data.validation.map((i) => i.message).join(' ');
    return error.message || 'Something went wrong.';
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Splits an error into per-field messages (zod issues carry the field's path;
 * domain errors are matched to a field by the words they use) and a message
 * for the whole form.
 */
export function fieldErrors(
  error: unknown,
  fields: Record<string, RegExp>,
): { fields: Record<string, string>; form: string | null } {
  if (!error) return { fields: {}, form: null };
  const result: Record<string, string> = {};
  const data = errorData(error);
  const rest: string[] = [];
  const place = (path: string, message: string) => {
    const last = path.split('.').pop() ?? path;
    const key = Object.keys(fields).find(
      (name) => path === name || path.startsWith(`${name}.`) || last === name,
    );
    if (key && !result[key]) result[key] = message;
    else rest.push(message);
  };
  if (data?.validation && data.validation.length > 0) {
    for (const issue of data.validation) place(issue.path, issue.message);
  } else {
    const message = errorMessage(error);
    const key = Object.entries(fields).find(([, words]) => words.test(message))?.[0];
    if (key) result[key] = message;
    else rest.push(message);
  }
  return { fields: result, form: rest.length > 0 ? rest.join(' ') : null };
}
