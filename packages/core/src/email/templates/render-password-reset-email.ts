import { renderHtml } from './layout.js';
import type { RenderedEmail } from './rendered-email.js';

/** A password reset link; `link` comes from `resetPasswordLink()`. */
export function renderPasswordResetEmail({
  name,
  link,
}: {
  name: string;
  link: string;
}): RenderedEmail {
  const greeting = `Hi ${name},`;
  const ask =
    'Someone asked to reset the password of your VibeMonitor account. Choose a new password with the link below.';
  const expiry =
    'The link works once and expires in 1 hour. Resetting your password signs you out everywhere.';
  const footer = 'If you did not ask for this, ignore this email: your password stays the same.';
  return {
    subject: 'Reset your VibeMonitor password',
    tag: 'reset_password',
    link,
    text: `${greeting}\n\n${ask}\n\n${link}\n\n${expiry}\n\n${footer}\n`,
    html: renderHtml({
      title: 'Reset your password',
      paragraphs: [greeting, ask, expiry],
      action: { label: 'Choose a new password', link },
      footer,
    }),
  };
}
