import { queryLogs } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  datasourceRefInput,
  datasourceSchema,
  seriesSchema,
} from '../datasource/datasource-schemas.js';

/**
 * Logs of a service (its Loki label matchers, else found by its name and
 * aliases among common labels) or of a raw LogQL query, over a time range
 * (default: the last hour), newest first by default, 100 lines by default
 * and 1000 at most (members). Metric LogQL queries return series.
 */
export const queryLogsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      datasource: datasourceRefInput,
      serviceId: z.uuid({ message: 'serviceId must be a UUID' }).optional(),
      query: text().max(5000, 'LogQL queries are at most 5000 characters.').optional(),
      contains: text().min(1).max(500).optional(),
      start: z.date().optional(),
      end: z.date().optional(),
      limit: z.number().int().min(1).max(1000, 'At most 1000 lines per query.').optional(),
      direction: z.enum(['backward', 'forward']).optional(),
      stepSeconds: z.number().int().min(1).max(86_400).optional(),
    }),
  )
  .output(
    z.object({
      datasource: datasourceSchema,
      query: z.string(),
      service: z
        .object({
          id: z.uuid(),
          name: z.string(),
          matchedBy: z.enum(['labelMatchers', 'discovery']),
        })
        .nullable(),
      start: z.date(),
      end: z.date(),
      resultType: z.enum(['streams', 'matrix']),
      lines: z.array(
        z.object({
          timestamp: z.number(),
          timestampNs: z.string(),
          labels: z.record(z.string(), z.string()),
          line: z.string(),
        }),
      ),
      series: z.array(seriesSchema),
      stepSeconds: z.number().nullable(),
      limit: z.number(),
      truncated: z.boolean(),
      warnings: z.array(z.string()),
    }),
  )
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...query } = input;
    return queryLogs({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: query,
      ...(signal ? { signal } : {}),
    });
  });
