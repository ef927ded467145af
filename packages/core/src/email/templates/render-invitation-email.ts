import type { MemberRole } from '@vibemonitor/contracts';
import { renderHtml } from './layout.js';
import type { RenderedEmail } from './rendered-email.js';

const roleLabel: Record<MemberRole, string> = { owner: 'an owner', user: 'a member' };

/** The invitation to join a team workspace; `link` comes from `invitationLink()`. */
export function renderInvitationEmail({
  workspaceName,
  inviterName,
  role,
  link,
  expiresAt,
}: {
  workspaceName: string;
  inviterName: string;
  role: MemberRole;
  link: string;
  expiresAt: Date;
}): RenderedEmail {
  const subject = `${inviterName} invited you to ${workspaceName} on VibeMonitor`;
  const invited = `${inviterName} invited you to join the workspace "${workspaceName}" on VibeMonitor as ${roleLabel[role]}.`;
  const expiry = `This invitation expires on ${expiresAt.toUTCString()}. Sign in with this email address to accept it.`;
  const footer = 'If you did not expect this invitation, you can ignore this email.';
  return {
    subject: subject.slice(0, 200),
    tag: 'invitation',
    link,
    text: `${invited}\n\nAccept the invitation:\n${link}\n\n${expiry}\n\n${footer}\n`,
    html: renderHtml({
      title: `Join ${workspaceName}`,
      paragraphs: [invited, expiry],
      action: { label: 'Accept invitation', link },
      footer,
    }),
  };
}
