import { cancelTurn } from '@vibemonitor/core';
import { turnStreamItemSchema } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { turnIdField } from './chat-schemas.js';

/**
 * Stops a queued or running turn; its stream ends with `cancelled`.
 * PRECONDITION_FAILED when the turn has already ended.
 */
export const cancelTurnProcedure = workspaceProcedure('user')
  .input(z.object({ turnId: turnIdField }))
  .output(turnStreamItemSchema)
  .mutation(({ ctx, input }) =>
    cancelTurn({
      db: ctx.deps.db,
      bus: ctx.deps.bus,
      logger: ctx.logger,
      workspaceId: input.workspaceId,
      turnId: input.turnId,
      actor: ctx.user,
    }),
  );
