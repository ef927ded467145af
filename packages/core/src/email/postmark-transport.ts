import { ServerClient } from 'postmark';
import { AppError } from '@vibemonitor/contracts';
import { withSafeHeaders, type EmailTransport } from './email-transport.js';

export interface PostmarkOptions {
  serverToken: string;
  from: string;
  /** Override for tests: `127.0.0.1:port` of a local server speaking Postmark's API. */
  requestHost?: string;
  useHttps?: boolean;
}

/** Sends through Postmark's transactional stream. */
export function createPostmarkTransport(options: PostmarkOptions): EmailTransport {
  const client = new ServerClient(options.serverToken, {
    useHttps: options.useHttps ?? true,
    requestHost: options.requestHost ?? 'api.postmarkapp.com',
    timeout: 10,
  });
  return {
    kind: 'postmark',
    async send(unsafe) {
      const message = withSafeHeaders(unsafe);
      try {
        await client.sendEmail({
          From: options.from,
          To: message.to,
          Subject: message.subject,
          TextBody: message.text,
          HtmlBody: message.html,
          Tag: message.tag,
          MessageStream: 'outbound',
        });
      } catch (error) {
        throw new AppError(
          'UNAVAILABLE',
          `Postmark did not accept the email: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
