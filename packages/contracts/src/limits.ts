/**
 * Most calls one batched tRPC request may carry. The server refuses larger
 * batches; the SDK's batch links split at this size, so any number of
 * concurrent calls from one client goes through.
 */
export const MAX_TRPC_BATCH_SIZE = 20;
