/** A rendered message, ready to send. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Short machine-readable kind, e.g. `verify_email`, `reset_password`, `invitation`. */
  tag: string;
  /** The action link inside the message (also logged by the outbox transport in development). */
  link?: string;
}

/**
 * Sends email. Postmark when POSTMARK_SERVER_TOKEN is set; otherwise a local
 * outbox (one file per message under $DATA_DIR/outbox) that tests read.
 */
export interface EmailTransport {
  readonly kind: 'postmark' | 'outbox';
  send(message: EmailMessage): Promise<void>;
}
