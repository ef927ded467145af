import { getTurn } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  turnCommentSchema,
  turnFeedbackSchema,
  turnIdField,
  turnViewSchema,
} from './chat-schemas.js';

/** One turn: status, report, usage, the caller's rating and the comments. */
export const getTurnProcedure = workspaceProcedure('user')
  .input(z.object({ turnId: turnIdField }))
  .output(
    turnViewSchema.extend({
      myFeedback: turnFeedbackSchema.nullable(),
      comments: z.array(turnCommentSchema),
    }),
  )
  .query(({ ctx, input }) =>
    getTurn({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      turnId: input.turnId,
      userId: ctx.user.id,
    }),
  );
