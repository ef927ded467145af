import { listMetricSeries } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { datasourceRefInput, datasourceSchema } from '../datasource/datasource-schemas.js';

/** Label sets of the series matching any of the selectors in the time range (default: the last hour) (members). */
export const listMetricSeriesProcedure = workspaceProcedure('user')
  .input(
    z.object({
      datasource: datasourceRefInput,
      match: z.array(text().min(1).max(2000)).min(1, 'Give at least one series selector.').max(20),
      start: z.date().optional(),
      end: z.date().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  )
  .output(
    z.object({
      datasource: datasourceSchema,
      series: z.array(z.record(z.string(), z.string())),
      truncated: z.boolean(),
    }),
  )
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...options } = input;
    return listMetricSeries({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: options,
      ...(signal ? { signal } : {}),
    });
  });
