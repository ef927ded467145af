import type { TestStack } from './harness.js';

/** A password that passes the policy (long, not in the common list). */
export const GOOD_PASSWORD = 'plum-orbit-kettle-42';

/**
 * Signs up through the API the way a new user does: `auth.register` (which
 * starts no session), the verification link from the outbox, then
 * `auth.login`. Returns the login's answer (token, expiry, user). No vitest
 * import: the eval harness uses it outside a test run.
 */
export async function signUpThroughApi(
  stack: TestStack,
  input: { email: string; name: string; password?: string },
) {
  const password = input.password ?? GOOD_PASSWORD;
  const client = stack.client();
  const { email } = await client.auth.register.mutate({
    email: input.email,
    password,
    name: input.name,
  });
  const sent = (await stack.outbox()).filter((m) => m.to === email && m.tag === 'verify_email');
  const link = sent.at(-1)?.link;
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no verification email with a token was sent to ${email}`);
  await client.auth.verifyEmail.mutate({ token });
  return client.auth.login.mutate({ email, password });
}
