import { renderHtml } from './layout.js';
import type { RenderedEmail } from './rendered-email.js';

/**
 * Tells the owner of an address that already has an account that someone
 * (maybe themselves, having forgotten) tried to sign up with it. Sign-up
 * answers the same for new and taken addresses, so this email is the only
 * place the answer "you already have an account" goes: to the address's owner.
 * `link` comes from `resetPasswordLink()`.
 */
export function renderSignupAttemptEmail({
  name,
  link,
}: {
  name: string;
  link: string;
}): RenderedEmail {
  const greeting = `Hi ${name},`;
  const what =
    'Someone tried to create a VibeMonitor account with this email address, which already has an account. Nothing was changed.';
  const ask =
    'If it was you: sign in with your password, or choose a new password with the link below.';
  const expiry =
    'The link works once and expires in 1 hour. Resetting your password signs you out everywhere.';
  const footer = 'If it was not you, ignore this email: your account and password stay the same.';
  return {
    subject: 'Someone tried to sign up to VibeMonitor with your address',
    tag: 'signup_existing_account',
    link,
    text: `${greeting}\n\n${what}\n\n${ask}\n\n${link}\n\n${expiry}\n\n${footer}\n`,
    html: renderHtml({
      title: 'You already have an account',
      paragraphs: [greeting, what, ask, expiry],
      action: { label: 'Choose a new password', link },
      footer,
    }),
  };
}
