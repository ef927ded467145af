import { AppError } from '@vibemonitor/contracts';
import { postgresErrorInfo } from './errors.js';

interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
}

/** Host, port, database and user of a connection URL, for messages. */
function parseTarget(url: string): Target {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname || 'localhost',
      port: parsed.port || '5432',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
  } catch {
    return { host: 'the configured host', port: '5432', database: '', user: '', password: '' };
  }
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  CONNECT_TIMEOUT: 'connection timed out',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function reasonFor(error: unknown, target: Target): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  const sqlState = postgresErrorInfo(error)?.code;
  if (sqlState === '28P01') return `password authentication failed for user "${target.user}"`;
  if (sqlState === '3D000') return `database "${target.database}" does not exist`;
  return error instanceof Error ? error.message : String(error);
}

function redact(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join('***') : text;
}

/**
 * Turns a failed first connection into one line an operator can act on:
 * where we tried to connect and why it failed, never the password.
 */
export function connectionError(url: string, error: unknown): AppError {
  const target = parseTarget(url);
  const reason = redact(reasonFor(error, target), target.password);
  return new AppError(
    'UNAVAILABLE',
    `Cannot connect to PostgreSQL at ${target.host}:${target.port} (${reason}). Check DATABASE_URL and that the server is running.`,
    { host: target.host, port: target.port, database: target.database },
  );
}
