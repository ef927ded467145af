import type { ZodError } from 'zod';

export interface FieldIssue {
  path: string;
  message: string;
}

/** Flattens zod issues into `{ path, message }` pairs a client can show next to fields. */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** One readable sentence, e.g. "Invalid input: email: Invalid email address". */
export function zodSummary(error: ZodError): string {
  const parts = zodIssues(error).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return `Invalid input: ${parts.join('; ')}`;
}
