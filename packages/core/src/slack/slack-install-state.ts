import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** How long an install link stays valid. */
export const SLACK_INSTALL_STATE_TTL_MS = 10 * 60 * 1000;

const payloadSchema = z.object({
  n: z.string().min(16),
  w: z.uuid(),
  u: z.uuid(),
  e: z.number().int(),
});
export type SlackInstallState = {
  nonce: string;
  workspaceId: string;
  userId: string;
  expiresAt: Date;
};

function keyFor(clientSecret: string): Buffer {
  // A key of its own, derived from the client secret, so the state MAC can never
  // be confused with anything else signed with that secret.
  return createHmac('sha256', clientSecret).update('vibemonitor/slack-install-state/v1').digest();
}

function mac(clientSecret: string, payload: string): Buffer {
  return createHmac('sha256', keyFor(clientSecret)).update(payload).digest();
}

/** `<base64url JSON>.<base64url HMAC>` binding a random nonce, the workspace, the user and the expiry. */
export function signSlackInstallState(
  clientSecret: string,
  input: { workspaceId: string; userId: string; now: Date },
): { state: string; nonce: string; expiresAt: Date } {
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SLACK_INSTALL_STATE_TTL_MS);
  const payload = Buffer.from(
    JSON.stringify({ n: nonce, w: input.workspaceId, u: input.userId, e: expiresAt.getTime() }),
  ).toString('base64url');
  return {
    state: `${payload}.${mac(clientSecret, payload).toString('base64url')}`,
    nonce,
    expiresAt,
  };
}

/** The state's contents when its MAC is ours and it has not expired; undefined otherwise. */
export function readSlackInstallState(
  clientSecret: string,
  state: string,
  now: Date,
): SlackInstallState | undefined {
  const [payload, signature, extra] = state.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = mac(clientSecret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed;
  try {
    parsed = payloadSchema.safeParse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.e <= now.getTime()) return undefined;
  return {
    nonce: parsed.data.n,
    workspaceId: parsed.data.w,
    userId: parsed.data.u,
    expiresAt: new Date(parsed.data.e),
  };
}
