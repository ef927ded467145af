import { z } from 'zod';

/** The JSON answer the model is asked for, read leniently: missing lists become empty. */
const answerSchema = z.object({
  summary: z.string().min(1),
  rootCause: z
    .object({
      service: z.string().nullable().optional(),
      cause: z.string().min(1),
      confidence: z.enum(['low', 'medium', 'high']).catch('low'),
      evidenceIds: z.array(z.string()).catch([]).default([]),
    })
    .nullable()
    .catch(null)
    .default(null),
  ruledOut: z.array(z.string()).catch([]).default([]),
  timeline: z
    .array(z.object({ at: z.string(), text: z.string() }))
    .catch([])
    .default([]),
  nextSteps: z.array(z.string()).catch([]).default([]),
  notChecked: z.array(z.string()).catch([]).default([]),
});

export type ModelAnswer = z.infer<typeof answerSchema>;

/** The outermost JSON object in a text: the whole text, a ```json fence, or the span from the first `{` to the last `}`. */
function jsonCandidates(text: string): string[] {
  const candidates = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence?.[1]) candidates.push(fence[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  return candidates;
}

/** Reads the model's final answer, or null when it is not the JSON object we asked for. */
export function parseModelAnswer(text: string): ModelAnswer | null {
  for (const candidate of jsonCandidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = answerSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return null;
}
