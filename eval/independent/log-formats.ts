import { comma, iso, spaced } from './builder.js';
import type { Rng } from './random.js';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** How a runtime or framework writes one log line, in its own conventional format. */
export type LogFormat =
  | 'pino'
  | 'slog-json'
  | 'dotnet-console'
  | 'log4j'
  | 'logback'
  | 'spring'
  | 'python'
  | 'python-json'
  | 'rust-tracing'
  | 'ruby-logger'
  | 'monolog'
  | 'spdlog'
  | 'logfmt'
  | 'go-std'
  | 'mongod'
  | 'postgres';

const PINO_LEVEL: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const UPPER: Record<Level, string> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** A trace context in the W3C form, for formats that print one. */
function traceIds(rng: Rng): { trace: string; span: string } {
  return { trace: rng.hex(32), span: rng.hex(16) };
}

/**
 * One line as `format` writes it. `logger` is the logger or class name
 * where the format shows one; `host` the pod or host name.
 */
export function formatLine(input: {
  format: LogFormat;
  level: Level;
  msg: string;
  t: number;
  rng: Rng;
  logger: string;
  host: string;
  fields?: Record<string, string | number>;
}): string {
  const { format, level, msg, t, rng, logger, host, fields = {} } = input;
  switch (format) {
    case 'pino':
      return JSON.stringify({
        level: PINO_LEVEL[level],
        time: Math.floor(t * 1000),
        pid: 1,
        hostname: host,
        ...fields,
        msg,
      });
    case 'slog-json':
      return JSON.stringify({ time: iso(t), level: UPPER[level], msg, ...fields });
    case 'python-json':
      return JSON.stringify({
        timestamp: iso(t),
        severity: level === 'warn' ? 'WARNING' : UPPER[level],
        logger,
        message: msg,
        ...fields,
      });
    case 'dotnet-console': {
      const tag = { debug: 'dbug', info: 'info', warn: 'warn', error: 'fail', fatal: 'crit' }[
        level
      ];
      return `${tag}: ${logger}[0] ${msg}`;
    }
    case 'log4j': {
      const { trace, span } = traceIds(rng);
      return `${spaced(t).slice(0, 19)} ${UPPER[level].padEnd(5)} ${logger} - ${msg} trace_id=${trace} span_id=${span} trace_flags=01`;
    }
    case 'logback':
      return `${spaced(t).slice(11)} [main] ${UPPER[level].padEnd(5)} ${logger} - ${msg}`;
    case 'spring': {
      const lvl = level === 'fatal' ? 'ERROR' : UPPER[level];
      return `${iso(t).replace('Z', '+00:00')} ${lvl.padStart(5)} 1 --- [nio-8080-exec-${rng.int(1, 10)}] ${logger.padEnd(40).slice(0, 40)} : ${msg}`;
    }
    case 'python': {
      const { trace, span } = traceIds(rng);
      const lvl = level === 'warn' ? 'WARNING' : level === 'fatal' ? 'CRITICAL' : UPPER[level];
      return `${comma(t)} ${lvl} [${logger}] [trace_id=${trace} span_id=${span}] - ${msg}`;
    }
    case 'rust-tracing':
      return `${iso(t)} ${UPPER[level].padStart(5)} ${logger}: ${msg}`;
    case 'ruby-logger': {
      const letter = UPPER[level][0];
      return `${letter}, [${iso(t).replace('Z', '')} #1] ${UPPER[level].padStart(5)} -- : ${msg}`;
    }
    case 'monolog':
      return `[${iso(t).replace('Z', '+00:00')}] ${logger}.${level === 'warn' ? 'WARNING' : UPPER[level]}: ${msg} [] []`;
    case 'spdlog':
      return `[${spaced(t)}] [${level === 'warn' ? 'warning' : level}] ${msg}`;
    case 'logfmt': {
      const extra = Object.entries(fields)
        .map(
          ([k, v]) => `${k}=${typeof v === 'number' || !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`,
        )
        .join(' ');
      return `ts=${iso(t)} level=${level} caller=${logger} msg=${JSON.stringify(msg)}${extra ? ` ${extra}` : ''}`;
    }
    case 'go-std':
      return `${iso(t).slice(0, 19).replace('T', ' ').replace(/-/g, '/')} ${msg}`;
    case 'postgres': {
      const tag = { debug: 'DEBUG', info: 'LOG', warn: 'WARNING', error: 'ERROR', fatal: 'FATAL' }[
        level
      ];
      return `${spaced(t)} UTC [${rng.int(100, 9999)}] ${tag}:  ${msg}`;
    }
    case 'mongod':
      return JSON.stringify({
        t: { $date: iso(t).replace('Z', '+00:00') },
        s: { debug: 'D1', info: 'I', warn: 'W', error: 'E', fatal: 'F' }[level],
        c: logger,
        id: rng.int(20_000, 5_000_000),
        ctx: 'conn',
        msg,
        ...(Object.keys(fields).length > 0 ? { attr: fields } : {}),
      });
  }
}
