import { isAppError } from '@vibemonitor/contracts';
import { expect } from 'vitest';

/** Asserts that `promise` rejects with an AppError of `code` whose message matches. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isAppError(error), `expected AppError ${code}, got ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(message);
  return error as Error;
}
