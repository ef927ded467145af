import { queryCloudWatchLogs } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/**
 * CloudWatch Logs of a CloudWatch integration (members): a Logs Insights
 * query over the named log groups (default: the newest lines), or, without
 * log groups, the groups themselves (`prefix` narrows them). Time range
 * defaults to the last hour.
 */
export const queryCloudWatchLogsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      integrationId: z.uuid({ message: 'integrationId must be a UUID' }),
      logGroups: z
        .array(text().min(1).max(512))
        .max(50, 'At most 50 log groups per query.')
        .optional(),
      prefix: text().max(512).optional(),
      query: text().max(10_000, 'Logs Insights queries are at most 10000 characters.').optional(),
      start: z.date().optional(),
      end: z.date().optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
  )
  .output(
    z.object({
      groups: z.array(
        z.object({
          name: z.string(),
          arn: z.string().nullable(),
          storedBytes: z.number().nullable(),
          retentionDays: z.number().nullable(),
        }),
      ),
      rows: z.array(z.record(z.string(), z.string())),
      query: z.string().nullable(),
      start: z.date(),
      end: z.date(),
      recordsMatched: z.number().nullable(),
      truncated: z.boolean(),
    }),
  )
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...query } = input;
    return queryCloudWatchLogs({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: query,
      ...(signal ? { signal } : {}),
    });
  });
