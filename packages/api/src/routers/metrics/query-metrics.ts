import { queryMetrics } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  datasourceRefInput,
  datasourceSchema,
  seriesSchema,
} from '../datasource/datasource-schemas.js';

/**
 * Runs PromQL (members): instant at `time` (default now), or over
 * `start`/`end` with the step widened automatically to keep at most 300
 * points per series. Syntax errors come back as BAD_REQUEST with
 * Prometheus's message.
 */
export const queryMetricsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      datasource: datasourceRefInput,
      query: text()
        .min(1, 'Enter a PromQL query.')
        .max(5000, 'PromQL queries are at most 5000 characters.'),
      time: z.date().optional(),
      start: z.date().optional(),
      end: z.date().optional(),
      stepSeconds: z.number().int().min(1).max(86_400).optional(),
    }),
  )
  .output(
    z.object({
      datasource: datasourceSchema,
      query: z.string(),
      kind: z.enum(['instant', 'range']),
      resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
      series: z.array(seriesSchema),
      time: z.date().nullable(),
      start: z.date().nullable(),
      end: z.date().nullable(),
      stepSeconds: z.number().nullable(),
      stepWidened: z.boolean(),
      truncated: z.boolean(),
      warnings: z.array(z.string()),
    }),
  )
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...query } = input;
    return queryMetrics({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: query,
      ...(signal ? { signal } : {}),
    });
  });
