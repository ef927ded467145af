import type { Logger } from 'pino';
import type { EmailTransport } from './email-transport.js';
import { createOutboxTransport } from './outbox-transport.js';
import { createPostmarkTransport } from './postmark-transport.js';

/** Postmark when a server token is configured, the local outbox otherwise. */
export function createEmailTransport(options: {
  postmarkServerToken: string | undefined;
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
    logLinks: !options.production,
  });
}
