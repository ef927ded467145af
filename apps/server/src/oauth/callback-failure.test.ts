import { describe, expect, it } from 'vitest';
import { AppError } from '@vibemonitor/contracts';
import { describeCallbackFailure } from './callback-failure.js';

describe('describeCallbackFailure', () => {
  it("passes through the provider's or the domain's own error code", () => {
    const denied = new AppError('BAD_REQUEST', 'The Google sign-in was cancelled.', {
      oauthError: 'access_denied',
    });
    expect(describeCallbackFailure('callback', denied, 'r1')).toEqual({
      error: 'access_denied',
      description: 'The Google sign-in was cancelled.',
      status: 400,
      expected: true,
    });
  });

  it('names the failed step when no code was given', () => {
    const error = new AppError('BAD_REQUEST', 'expired');
    expect(describeCallbackFailure('callback', error, 'r1').error).toBe('invalid_state');
    expect(describeCallbackFailure('exchange', error, 'r1').error).toBe('invalid_grant');
  });

  it('reports an unreachable provider as a 502 and hides unexpected errors behind the request id', () => {
    expect(
      describeCallbackFailure('exchange', new AppError('UNAVAILABLE', 'down'), 'r1'),
    ).toMatchObject({
      error: 'temporarily_unavailable',
      status: 502,
    });
    const unexpected = describeCallbackFailure('sign_in', new Error('SELECT ... secret'), 'req-42');
    expect(unexpected).toEqual({
      error: 'server_error',
      description: 'Sign-in failed unexpectedly (request id req-42). Please try again.',
      status: 400,
      expected: false,
    });
  });
});
