import { headerSafe } from '@vibemonitor/contracts';

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

/**
 * The header fields of a message with control characters (CR/LF included)
 * replaced: subjects quote user-chosen names (an inviter, a workspace), and a
 * newline there must not start a new header line or split the subject. Every
 * transport sends through this.
 */
export function withSafeHeaders(message: EmailMessage): EmailMessage {
  return { ...message, to: headerSafe(message.to), subject: headerSafe(message.subject) };
}
