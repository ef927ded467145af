import { createDemoWorkspace } from '@vibemonitor/core/demo';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc.js';
import { workspaceSummarySchema } from './workspace-schemas.js';

/**
 * Opens the caller's demo workspace (simulated data: services, and a `demo`
 * integration investigations read from the built-in simulator), creating it
 * the first time. Off unless the server offers it (embedded mode by default).
 */
export const createDemoWorkspaceProcedure = protectedProcedure
  .output(z.object({ workspace: workspaceSummarySchema, created: z.boolean() }))
  .mutation(({ ctx }) =>
    createDemoWorkspace({
      db: ctx.deps.db,
      actor: ctx.user,
      available: ctx.deps.systemInfo.demo.available,
    }),
  );
