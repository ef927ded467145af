/** The subset of a pino logger the chat functions use. */
export interface ChatLogger {
  warn(obj: object, msg?: string): void;
}
