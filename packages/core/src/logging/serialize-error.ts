/*
 * The one error serializer every logger uses (`err` and `error` keys, pino-http
 * included). Database errors carry the statement's bound values: drizzle's
 * DrizzleQueryError puts them in its message ("Failed query: ... params: ...")
 * and in `params`; postgres.js attaches `parameters`, `args` and `query`
 * (enumerable in debug mode); PostgreSQL's `detail` quotes row values ("Key
 * (email)=(...) already exists"). A NUL byte in a sign-up once made the whole
 * INSERT, password hash included, appear in the log. Here those fields are
 * dropped and the message and stack cut before the parameters, at every level
 * of the `cause` chain.
 */

/** Properties never copied from an error into a log line: bound values, statements, bodies, requests. */
const DROPPED_KEYS = new Set([
  'params',
  'parameters',
  'args',
  'types',
  'query',
  'detail',
  'where',
  'body',
  'rawBody',
  'input',
  'rawInput',
  'data',
  'request',
  'response',
  'config',
  'headers',
]);

const MAX_CAUSE_DEPTH = 5;

/** Drizzle's "Failed query: <sql>\nparams: <values>": keep the fact, not the values. */
function scrubMessage(message: string): string {
  const failedQuery = /^Failed query: /.test(message);
  const params = message.indexOf('\nparams:');
  if (failedQuery || params >= 0) {
    const statement = (params >= 0 ? message.slice(0, params) : message).split('\n')[0] ?? '';
    return `${statement.slice(0, 300)}${params >= 0 ? ' (parameters not logged)' : ''}`;
  }
  return message;
}

/** The stack's frames under a scrubbed first line (V8 stacks start with "Name: message"). */
function scrubStack(stack: unknown, type: string, message: string): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join('\n');
}

/**
 * An Error, or an error already turned into a plain object by another
 * serializer (pino-http runs pino's standard one before a custom one).
 */
function isErrorLike(value: unknown): value is Record<string, unknown> & { message: string } {
  if (value instanceof Error) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    ('stack' in value || 'type' in value)
  );
}

/** A loggable copy of an error, without bound SQL parameters, statements or bodies. */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!isErrorLike(value)) return value;
  const type =
    value instanceof Error
      ? value.constructor?.name && value.constructor.name !== 'Object'
        ? value.constructor.name
        : value.name
      : typeof value.type === 'string'
        ? value.type
        : 'Error';
  const message = scrubMessage(value.message);
  const out: Record<string, unknown> = {
    type,
    message,
    stack: scrubStack(value.stack, type, message),
  };
  for (const [key, field] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key) || key === 'cause' || key in out) continue;
    if (typeof field === 'function') continue;
    out[key] = isErrorLike(field)
      ? depth < MAX_CAUSE_DEPTH
        ? serializeError(field, depth + 1)
        : '[error]'
      : field;
  }
  const cause = (value as { cause?: unknown }).cause;
  if (cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    out.cause = isErrorLike(cause) ? serializeError(cause, depth + 1) : '[non-error cause]';
  }
  if (value instanceof AggregateError && depth < MAX_CAUSE_DEPTH) {
    out.errors = value.errors.slice(0, 10).map((e: unknown) => serializeError(e, depth + 1));
  }
  return out;
}

/** Serializers for pino: errors under `err` or `error` go through `serializeError`. */
export const errorSerializers = {
  err: (value: unknown) => serializeError(value),
  error: (value: unknown) => serializeError(value),
};
