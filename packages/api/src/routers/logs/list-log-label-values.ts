import { listLogLabels } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { labelListSchema, labelNameField } from '../datasource/datasource-schemas.js';
import { logLabelsInputFields } from './list-log-labels.js';

/** The values of one Loki label in the time range (default: the last hour) (members). */
export const listLogLabelValuesProcedure = workspaceProcedure('user')
  .input(z.object({ ...logLabelsInputFields, label: labelNameField }))
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
