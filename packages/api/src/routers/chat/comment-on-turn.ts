import { commentOnTurn, TURN_COMMENT_MAX } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { turnCommentSchema, turnIdField } from './chat-schemas.js';

/** Adds a comment to a turn for teammates. */
export const commentOnTurnProcedure = workspaceProcedure('user')
  .input(
    z.object({
      turnId: turnIdField,
      body: text({ message: 'Write a comment.' })
        .trim()
        .min(1, 'Write a comment.')
        .max(TURN_COMMENT_MAX, `Comments are at most ${TURN_COMMENT_MAX} characters.`),
    }),
  )
  .output(turnCommentSchema)
  .mutation(({ ctx, input }) =>
    commentOnTurn({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      turnId: input.turnId,
      actor: ctx.user,
      input: { body: input.body },
    }),
  );
