import { listAlertGroups } from '@vibemonitor/core';
import { storableDate } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { alertEndpointIdField, alertGroupSchema } from './alert-schemas.js';

const cursorSchema = z.object({ lastSeenAt: storableDate(), id: z.uuid() });

/** Alert groups received, most recently seen first (members), with their investigations. */
export const listAlertGroupsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      endpointId: alertEndpointIdField.optional(),
      limit: z.number().int().min(1).max(100).default(25),
      cursor: cursorSchema.optional(),
    }),
  )
  .output(z.object({ items: z.array(alertGroupSchema), nextCursor: cursorSchema.nullable() }))
  .query(({ ctx, input }) =>
    listAlertGroups({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      endpointId: input.endpointId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
