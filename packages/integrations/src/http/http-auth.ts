/** How a datasource authenticates our requests. */
export type HttpAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

export function authHeaders(auth: HttpAuth): Record<string, string> {
  if (auth.type === 'bearer') return { authorization: `Bearer ${auth.token}` };
  if (auth.type === 'basic') {
    return {
      authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
    };
  }
  return {};
}

/** What to tell a person whose credentials were refused, by kind of credentials. */
export function rejectedCredentialsHint(auth: HttpAuth): string {
  if (auth.type === 'bearer') return 'the token was rejected';
  if (auth.type === 'basic') return 'the username and password were rejected';
  return 'it requires credentials: add a bearer token or basic auth';
}
