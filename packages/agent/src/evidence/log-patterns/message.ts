const MESSAGE_KEYS = ['msg', 'message', 'log', 'event', 'error', 'err'] as const;
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname'] as const;

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'number' && key !== 'msg' && key !== 'message') return String(value);
  }
  return undefined;
}

/**
 * The part of a log line worth clustering. Structured (JSON) lines carry ids,
 * trace ids and timestamps in every field; clustering the whole object would
 * make each line its own pattern, so we keep the level and the message.
 * Plain lines pass through unchanged.
 */
export function extractMessage(line: string): string {
  let start = 0;
  while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
  // Checked by hand: this runs on every line, and most lines are not JSON.
  if (line.charCodeAt(start) !== 123 /* { */) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
  const record = parsed as Record<string, unknown>;
  const message = firstString(record, MESSAGE_KEYS);
  if (message === undefined) return line;
  const level = firstString(record, LEVEL_KEYS);
  return level === undefined ? message : `${level} ${message}`;
}
