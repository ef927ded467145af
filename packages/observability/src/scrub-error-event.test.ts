import type { ErrorEvent } from '@sentry/node';
import { describe, expect, it } from 'vitest';
import { scrubErrorEvent } from './scrub-error-event.js';

describe('scrubErrorEvent', () => {
  it('keeps only the method and the path of a request', () => {
    const event: ErrorEvent = {
      type: undefined,
      request: {
        method: 'POST',
        url: 'https://api.example.com/trpc/auth.login?input=%7B%22password%22%3A%22x%22%7D',
        headers: { authorization: 'Bearer secret-token', cookie: 'vm_session=secret' },
        cookies: { vm_session: 'secret' },
        data: { password: 'hunter2' },
        query_string: 'input=secret',
      },
    };
    expect(scrubErrorEvent(event).request).toEqual({
      method: 'POST',
      url: 'https://api.example.com/trpc/auth.login',
    });
  });

  it('drops the user ip and email', () => {
    const event: ErrorEvent = {
      type: undefined,
      user: { id: 'u1', ip_address: '203.0.113.9', email: 'a@example.com' },
    };
    expect(scrubErrorEvent(event).user).toEqual({ id: 'u1' });
  });

  it('cuts bound SQL parameters from query errors, keeping the query', () => {
    const event: ErrorEvent = {
      type: undefined,
      exception: {
        values: [
          {
            type: 'Error',
            value: 'Failed query: select * from users where email = $1\nparams: alice@example.com',
          },
          { type: 'error', value: 'relation "users" does not exist' },
        ],
      },
    };
    expect(scrubErrorEvent(event).exception?.values?.map((v) => v.value)).toEqual([
      'Failed query: select * from users where email = $1\nparams: [redacted]',
      'relation "users" does not exist',
    ]);
  });
});
