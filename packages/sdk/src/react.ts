/**
 * React entry: tRPC hooks over TanStack Query.
 *
 *   const { TRPCProvider, useTRPC } = createVibeMonitorReact();
 *   <TRPCProvider trpcClient={createClient({ url })} queryClient={queryClient}>...
 */
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@vibemonitor/api';

export function createVibeMonitorReact() {
  return createTRPCContext<AppRouter>();
}

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
export { createClient } from './create-client.js';
