import { listServices } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { pageInputFields, pageSchema } from '../workspace/page-schemas.js';
import { serviceSchema } from './service-schemas.js';

/** The workspace's services in the order they were created, paginated (any member). */
export const listServicesProcedure = workspaceProcedure('user')
  .input(z.object(pageInputFields))
  .output(pageSchema(serviceSchema))
  .query(({ ctx, input }) =>
    listServices({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      limit: input.limit,
      cursor: input.cursor,
    }),
  );
