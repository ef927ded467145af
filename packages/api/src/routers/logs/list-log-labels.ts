import { listLogLabels } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { datasourceRefInput, labelListSchema } from '../datasource/datasource-schemas.js';

export const logLabelsInputFields = {
  datasource: datasourceRefInput,
  /** A stream selector narrowing the streams looked at, e.g. `{app="api"}`. */
  query: text().max(5000).optional(),
  start: z.date().optional(),
  end: z.date().optional(),
};

/** Loki label names seen in the time range (default: the last hour) (members). */
export const listLogLabelsProcedure = workspaceProcedure('user')
  .input(z.object(logLabelsInputFields))
  .output(labelListSchema)
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...options } = input;
    return listLogLabels({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: options,
      ...(signal ? { signal } : {}),
    });
  });
