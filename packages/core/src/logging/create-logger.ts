import { pino, type Logger, type LoggerOptions } from 'pino';
import { errorSerializers } from './serialize-error.js';

/**
 * Paths pino blanks out before anything is written. Secrets are redacted by
 * configuration here, never by remembering not to log them.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["stripe-signature"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'apiKey',
  'secret',
  'accessToken',
  'refreshToken',
  'botToken',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.clientSecret',
  '*.accessToken',
  '*.refreshToken',
  '*.botToken',
  '*.encryptionKey',
  '*.authorization',
  '*.*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  'err.config.headers',
  '*.link',
  '*.passwordHash',
  '*.secretHash',
  '*.tokenHash',
  '*.apiKeyEnc',
  '*.tokenEnc',
  '*.passwordEnc',
  '*.bearerTokenEnc',
  '*.accessTokenEnc',
  '*.refreshTokenEnc',
  '*.botTokenEnc',
];

export interface CreateLoggerOptions {
  level: LoggerOptions['level'];
  name: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to inspect output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Errors lose bound SQL parameters, statements and bodies (see serialize-error.ts).
    serializers: errorSerializers,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination
    ? pino(pinoOptions, options.destination as pino.DestinationStream)
    : pino(pinoOptions);
}

export type { Logger };
