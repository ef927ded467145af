/**
 * The slice of a pino logger this package uses. Declared here (rather than
 * importing pino) so jobs depends only on contracts, bullmq and ioredis; a
 * pino `Logger` satisfies it as is.
 */
export interface JobsLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
