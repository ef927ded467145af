import type { EmailMessage } from '../email-transport.js';

/** A rendered template: everything but the recipient, which the caller adds. */
export type RenderedEmail = Omit<EmailMessage, 'to' | 'link'> & { link: string };
