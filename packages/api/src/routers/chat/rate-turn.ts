import { FEEDBACK_COMMENT_MAX, rateTurn } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { feedbackRatingSchema, turnFeedbackSchema, turnIdField } from './chat-schemas.js';

/** Thumbs up or down on an answer; rating again replaces the caller's earlier rating. */
export const rateTurnProcedure = workspaceProcedure('user')
  .input(
    z.object({
      turnId: turnIdField,
      rating: feedbackRatingSchema,
      comment: text()
        .trim()
        .max(
          FEEDBACK_COMMENT_MAX,
          `Feedback comments are at most ${FEEDBACK_COMMENT_MAX} characters.`,
        )
        .optional(),
    }),
  )
  .output(turnFeedbackSchema)
  .mutation(({ ctx, input }) =>
    rateTurn({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      turnId: input.turnId,
      actor: ctx.user,
      // An emptied comment box clears the comment.
      input: { rating: input.rating, comment: input.comment === '' ? undefined : input.comment },
    }),
  );
