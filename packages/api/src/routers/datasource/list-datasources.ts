import { listDatasources } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { datasourceSchema } from './datasource-schemas.js';

/**
 * Everything logs and metrics can be queried from: direct Prometheus and
 * Loki integrations, and the datasources discovered in Grafana at its last
 * check (members).
 */
export const listDatasourcesProcedure = workspaceProcedure('user')
  .input(z.object({ type: z.enum(['prometheus', 'loki']).optional() }))
  .output(z.object({ datasources: z.array(datasourceSchema) }))
  .query(async ({ ctx, input }) => ({
    datasources: await listDatasources({
      db: ctx.deps.db,
      workspaceId: input.workspaceId,
      type: input.type,
    }),
  }));
