import { listMetricLabels } from '@vibemonitor/core';
import { text } from '@vibemonitor/contracts';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import {
  datasourceRefInput,
  labelListSchema,
  labelNameField,
} from '../datasource/datasource-schemas.js';

/**
 * Prometheus label names in the time range (default: the last hour), or
 * with `label` that label's values (`__name__` lists metric names); `match`
 * narrows to matching series (members).
 */
export const listMetricLabelsProcedure = workspaceProcedure('user')
  .input(
    z.object({
      datasource: datasourceRefInput,
      label: labelNameField.optional(),
      match: z.array(text().min(1).max(2000)).max(20).optional(),
      start: z.date().optional(),
      end: z.date().optional(),
    }),
  )
  .output(labelListSchema)
  .query(({ ctx, input, signal }) => {
    const { workspaceId, ...options } = input;
    return listMetricLabels({
      db: ctx.deps.db,
      secrets: ctx.deps.secrets,
      settings: ctx.deps.integrations,
      workspaceId,
      input: options,
      ...(signal ? { signal } : {}),
    });
  });
