import type { JobsLogger } from '../logger.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string | undefined;
}

/** A JobsLogger that keeps what it is told, so tests can assert on failures being logged. */
export function recordingLogger(): JobsLogger & {
  entries: LogEntry[];
  at(level: LogEntry['level']): LogEntry[];
} {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (fields: object, msg?: string) => {
    entries.push({ level, fields: fields as Record<string, unknown>, msg });
  };
  return {
    entries,
    at: (level) => entries.filter((entry) => entry.level === level),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}
