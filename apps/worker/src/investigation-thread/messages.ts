import type { EncryptionKeys } from '@vibemonitor/auth';
import {
  AppError,
  type AppErrorCode,
  type AppErrorDetails,
  type RcaEvent,
} from '@vibemonitor/contracts';
import type { AppConfig } from '@vibemonitor/core';
import type { RemoteQuery, RemoteQueryFailure, RemoteQueryResult } from '@vibemonitor/db';
import type { InvestigationInput, InvestigationResult } from '@vibemonitor/agent';

/*
 * What the main thread and the investigation thread say to each other. Every
 * message is structured-cloned, so only plain data crosses: errors travel as
 * `SerializedError` and are rebuilt (an AppError stays an AppError, so the
 * user still reads its message).
 */

/** What the thread is started with (`workerData`). */
export interface ThreadStartData {
  config: AppConfig;
  encryptionKeys: EncryptionKeys;
  /** The main logger's level and bindings, so the thread's lines read like the worker's own. */
  logLevel: string;
  logBindings: Record<string, unknown>;
}

export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** Set for an AppError. */
  code: AppErrorCode | undefined;
  details: AppErrorDetails | undefined;
}

export type InvestigationRequest = Pick<
  InvestigationInput,
  'question' | 'workspaceId' | 'turnId' | 'history'
>;

export type ToThread =
  | { type: 'investigate'; id: number; input: InvestigationRequest }
  | { type: 'abort'; id: number; reason: SerializedError }
  | { type: 'query-result'; queryId: number; result: RemoteQueryResult }
  | { type: 'query-failed'; queryId: number; failure: RemoteQueryFailure }
  | { type: 'ping'; pingId: number };

export type FromThread =
  | { type: 'ready' }
  | { type: 'query'; queryId: number; query: RemoteQuery }
  | { type: 'emit'; id: number; event: RcaEvent }
  | { type: 'done'; id: number; result: InvestigationResult }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'log'; line: string }
  | { type: 'pong'; pingId: number };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: error.code,
      details: error.details,
    };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: undefined,
      details: undefined,
    };
  }
  return {
    name: 'Error',
    message: String(error),
    stack: undefined,
    code: undefined,
    details: undefined,
  };
}

export function deserializeError(serialized: SerializedError): Error {
  const error = serialized.code
    ? new AppError(serialized.code, serialized.message, serialized.details)
    : Object.assign(new Error(serialized.message), { name: serialized.name });
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
