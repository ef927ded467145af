/** The slice of a pino logger this package uses; any pino logger fits. */
export interface AuthLogger {
  warn(obj: object, msg: string): void;
}
