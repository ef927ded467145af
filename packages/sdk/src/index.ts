export { createClient, type CreateClientOptions, type VibeMonitorClient } from './create-client.js';
export type { AppRouter } from '@vibemonitor/api';
export { TRPCClientError } from '@trpc/client';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export * from '@vibemonitor/contracts';
