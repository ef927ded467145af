import { renderHtml } from './layout.js';
import type { RenderedEmail } from './rendered-email.js';

/** Asks a new user to confirm their address; `link` comes from `verifyEmailLink()`. */
export function renderVerificationEmail({
  name,
  link,
}: {
  name: string;
  link: string;
}): RenderedEmail {
  const greeting = `Hi ${name},`;
  const ask =
    'Confirm your email address to finish setting up your VibeMonitor account: you can sign in once it is confirmed.';
  const expiry = 'The link works once and expires in 24 hours.';
  const footer = 'If you did not create a VibeMonitor account, you can ignore this email.';
  return {
    subject: 'Confirm your email address for VibeMonitor',
    tag: 'verify_email',
    link,
    text: `${greeting}\n\n${ask}\n\n${link}\n\n${expiry}\n\n${footer}\n`,
    html: renderHtml({
      title: 'Confirm your email address',
      paragraphs: [greeting, ask, expiry],
      action: { label: 'Confirm email address', link },
      footer,
    }),
  };
}
