import { describe, expect, it } from 'vitest';
import { invitationLink, resetPasswordLink, verifyEmailLink } from './email-links.js';
import { escapeHtml } from './escape-html.js';
import { renderInvitationEmail } from './render-invitation-email.js';
import { renderPasswordResetEmail } from './render-password-reset-email.js';
import { renderSignupAttemptEmail } from './render-signup-attempt-email.js';
import { renderVerificationEmail } from './render-verification-email.js';

const hostile = `<script>alert("x")</script> & 'friends'`;

describe('email templates', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('builds links on the web app with the token in the query string', () => {
    expect(verifyEmailLink('https://app.example.com', 'tok_1')).toBe(
      'https://app.example.com/verify-email?token=tok_1',
    );
    expect(resetPasswordLink('https://app.example.com/', 'a+b/c')).toBe(
      'https://app.example.com/reset-password?token=a%2Bb%2Fc',
    );
    expect(invitationLink('https://example.com/console', 'tok')).toBe(
      'https://example.com/console/invitations?token=tok',
    );
  });

  it('renders the verification email with its link in text and HTML, and escapes the name', () => {
    const link = verifyEmailLink('https://app.example.com', 'abc');
    const email = renderVerificationEmail({ name: hostile, link });
    expect(email.tag).toBe('verify_email');
    expect(email.link).toBe(link);
    expect(email.subject).toMatch(/Confirm your email/);
    expect(email.text).toContain(link);
    expect(email.text).toContain(hostile);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;',
    );
  });

  it('renders the password reset email', () => {
    const link = resetPasswordLink('https://app.example.com', 'r1');
    const email = renderPasswordResetEmail({ name: 'Ada', link });
    expect(email.tag).toBe('reset_password');
    expect(email.subject).toMatch(/Reset your VibeMonitor password/);
    expect(email.text).toContain('Hi Ada,');
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
  });

  it('renders the sign-up attempt email for an address that has an account, with the reset link', () => {
    const link = resetPasswordLink('https://app.example.com', 'r2');
    const email = renderSignupAttemptEmail({ name: hostile, link });
    expect(email.tag).toBe('signup_existing_account');
    expect(email.subject).toBe('Someone tried to sign up to VibeMonitor with your address');
    expect(email.text).toContain('already has an account');
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.html).not.toContain('<script>');
  });

  it('renders the invitation with workspace, inviter, role and expiry, escaping user-chosen names', () => {
    const link = invitationLink('https://app.example.com', 'inv');
    const expiresAt = new Date('2030-01-08T12:00:00Z');
    const email = renderInvitationEmail({
      workspaceName: hostile,
      inviterName: 'Grace <g@x>',
      role: 'owner',
      link,
      expiresAt,
    });
    expect(email.tag).toBe('invitation');
    expect(email.link).toBe(link);
    expect(email.subject).toContain('Grace <g@x> invited you to');
    expect(email.text).toContain('as an owner');
    expect(email.text).toContain(expiresAt.toUTCString());
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<g@x>');
    expect(email.html).toContain('Grace &lt;g@x&gt;');
    expect(
      renderInvitationEmail({
        workspaceName: 'Ops',
        inviterName: 'G',
        role: 'user',
        link,
        expiresAt,
      }).text,
    ).toContain('as a member');
  });

  it('escapes a link carrying quotes so it cannot break out of the href attribute', () => {
    const email = renderVerificationEmail({
      name: 'A',
      link: 'https://x.example/"onmouseover="alert(1)',
    });
    expect(email.html).not.toContain('"onmouseover="');
    expect(email.html).toContain('&quot;onmouseover=&quot;');
  });
});
