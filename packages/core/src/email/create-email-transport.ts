import type { Logger } from 'pino';
import type { EmailTransport } from './email-transport.js';
import { createOutboxTransport } from './outbox-transport.js';
import { createPostmarkTransport } from './postmark-transport.js';

/**
 * Whether the outbox may log each message's action link. Links are
 * single-use credentials (verification, invitation, password reset): they are
 * logged only for a developer running embedded (PGlite, no DATABASE_URL) with
 * the local outbox, outside production. With a real mail transport or a
 * shared database the log goes to people and systems the recipient never
 * chose, so never then (distributed mode defaults NODE_ENV to development too).
 */
export function mayLogEmailLinks(options: {
  postmarkServerToken: string | undefined;
  databaseUrl: string | undefined;
  production: boolean;
}): boolean {
  return !options.postmarkServerToken && !options.databaseUrl && !options.production;
}

/** Postmark when a server token is configured, the local outbox otherwise. */
export function createEmailTransport(options: {
  postmarkServerToken: string | undefined;
  /** Set in distributed mode; links are then never logged. */
  databaseUrl: string | undefined;
  from: string;
  dataDir: string;
  logger: Logger;
  production: boolean;
}): EmailTransport {
  if (options.postmarkServerToken) {
    return createPostmarkTransport({
      serverToken: options.postmarkServerToken,
      from: options.from,
    });
  }
  if (options.production) {
    options.logger.warn(
      'POSTMARK_SERVER_TOKEN is not set: emails are written to the outbox under DATA_DIR and nobody receives them',
    );
  }
  return createOutboxTransport({
    dataDir: options.dataDir,
    from: options.from,
    logger: options.logger,
    logLinks: mayLogEmailLinks(options),
  });
}
