/**
 * React entry: tRPC hooks over TanStack Query.
 *
 *   import { TRPCProvider, useTRPC } from '@vibemonitor/sdk/react';
 *   <TRPCProvider trpcClient={createClient({ url })} queryClient={queryClient}>...
 *   const trpc = useTRPC(); useQuery(trpc.workspace.list.queryOptions());
 */
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@vibemonitor/api';

/** The provider and hooks for the VibeMonitor router. */
export type VibeMonitorReact = ReturnType<typeof createTRPCContext<AppRouter>>;

/** A separate provider/hooks set (e.g. for a second server in one app). */
export function createVibeMonitorReact(): VibeMonitorReact {
  return createTRPCContext<AppRouter>();
}

const context: VibeMonitorReact = createTRPCContext<AppRouter>();
export const TRPCProvider: VibeMonitorReact['TRPCProvider'] = context.TRPCProvider;
export const useTRPC: VibeMonitorReact['useTRPC'] = context.useTRPC;
export const useTRPCClient: VibeMonitorReact['useTRPCClient'] = context.useTRPCClient;
export { createClient, type CreateClientOptions, type VibeMonitorClient } from './create-client.js';
