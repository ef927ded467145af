import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@vibemonitor/contracts';
import { invitations, users, type Database } from '@vibemonitor/db';
import { createTestDatabase, type TestDatabase } from '@vibemonitor/testing';
import type { EmailMessage, EmailTransport } from '../email/email-transport.js';
import { createTeamWorkspace } from '../workspaces/create-team-workspace.js';
import { createInvitation } from './create-invitation.js';

/** Collects messages, or fails every send while `down` is set (a mail provider outage). */
function fakeTransport() {
  const sent: EmailMessage[] = [];
  const transport: EmailTransport & { down: boolean } = {
    kind: 'outbox',
    down: false,
    async send(message) {
      if (transport.down) throw new Error('mail provider unreachable');
      sent.push(message);
    },
  };
  return { transport, sent };
}

describe('createInvitation when the email cannot be sent', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = testDb.db;
  });
  afterAll(() => testDb.drop());

  it('keeps the invitation, says so with UNAVAILABLE, and a retry resends it', async () => {
    const [actor] = await db
      .insert(users)
      .values({ email: 'owner@example.com', name: 'Owner' })
      .returning({ id: users.id, email: users.email, name: users.name });
    const workspace = await createTeamWorkspace({ db, actor: actor!, input: { name: 'Team' } });
    const { transport, sent } = fakeTransport();
    const logged: object[] = [];
    const options = {
      db,
      emailTransport: transport,
      actor: actor!,
      workspaceId: workspace.id,
      input: { email: 'Invitee@Example.com', role: 'user' as const },
      webAppUrl: 'https://app.example.com',
      logger: { error: (obj: object) => logged.push(obj) },
    };

    transport.down = true;
    const error = await createInvitation(options).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    expect((error as Error).message).toMatch(/Invite the same address again to retry/);
    expect(logged).toHaveLength(1);
    const rows = await db
      .select()
      .from(invitations)
      .where(eq(invitations.workspaceId, workspace.id));
    expect(rows.map((r) => r.email)).toEqual(['invitee@example.com']);

    transport.down = false;
    const retried = await createInvitation(options);
    expect(retried.resent).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'invitee@example.com', tag: 'invitation' });
    expect(sent[0]!.link).toMatch(
      /^https:\/\/app\.example\.com\/invitations\?token=[A-Za-z0-9_-]{43}$/,
    );
  });
});
