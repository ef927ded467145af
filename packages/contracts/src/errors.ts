import { z } from 'zod';

/**
 * Every error the domain can raise on purpose. One place (the API's error
 * formatter) maps these codes to tRPC / HTTP codes; anything else is a 500.
 */
export const appErrorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYMENT_REQUIRED',
  'TOO_MANY_REQUESTS',
  'PRECONDITION_FAILED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export const appErrorCodeSchema = z.enum(appErrorCodes);
export type AppErrorCode = z.infer<typeof appErrorCodeSchema>;

/** Details a client may act on (e.g. `retryAfterSeconds` for TOO_MANY_REQUESTS). */
export type AppErrorDetails = Record<string, unknown>;

/**
 * A typed, expected failure with a message written for the person reading it.
 * Throw it from domain code; never wrap unknown errors in it.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: AppErrorDetails | undefined;

  constructor(code: AppErrorCode, message: string, details?: AppErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
