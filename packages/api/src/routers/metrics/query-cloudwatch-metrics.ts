import { queryCloudWatchMetrics } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

const queryId = text().regex(
  /^[a-z][a-zA-Z0-9_]{0,254}$/,
  'Query ids start with a lowercase letter.',
);
const metricDataQuery = z.union([
  z.object({
    id: queryId,
    metric: z.object({
      namespace: text().min(1).max(255),
      metricName: text().min(1).max(255),
      dimensions: z
        .array(z.object({ name: text().min(1).max(255), value: text().min(1).max(1024) }))
        .max(30),
    }),
    stat: text().min(1).max(50),
    periodSeconds: z.number().int().min(1).max(86_400),
    label: text().max(255).optional(),
    returnData: z.boolean().optional(),
  }),
  z.object({
    id: queryId,
    expression: text().min(1).max(2048),
    periodSeconds: z.number().int().min(1).max(86_400).optional(),
    label: text().max(255).optional(),
    returnData: z.boolean().optional(),
  }),
]);

/**
 * CloudWatch metrics of a CloudWatch integration (members): GetMetricData
 * (metric stats and metric math) over a time range (default: the last
 * hour), or, without queries, ListMetrics for a namespace and metric name.
 */
export const queryCloudWatchMetricsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      integrationId: z.uuid({ message: 'integrationId must be a UUID' }),
      queries: z.array(metricDataQuery).max(100, 'At most 100 queries per call.').optional(),
      namespace: text().max(255).optional(),
      metricName: text().max(255).optional(),
      start: z.date().optional(),
      end: z.date().optional(),
    }),
  )
  .output(
    z.object({
      metrics: z.array(
        z.object({
          namespace: z.string(),
          metricName: z.string(),
          dimensions: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      ),
      results: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          points: z.array(z.object({ timestamp: z.number(), value: z.number() })),
          status: z.string(),
        }),
      ),
      messages: z.array(z.string()),
      start: z.date(),
      end: z.date(),
      truncated: z.boolean(),
    }),
  )
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...query } = input;
    return queryCloudWatchMetrics({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: query,
      ...(signal ? { signal } : {}),
    });
  });
