import { getAwsSetup } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

/**
 * The workspace's AWS external id and the trust and permissions policies to
 * create the role CloudWatch is read through (owners). The id is created on
 * first call and stays the same after.
 */
export const getAwsSetupProcedure = workspaceProcedure('owner')
  .output(
    z.object({
      externalId: z.string(),
      principalArn: z.string().nullable(),
      trustPolicy: z.string(),
      permissionsPolicy: z.string(),
      actions: z.array(z.string()),
    }),
  )
  .query(({ ctx, input }) =>
    getAwsSetup({
      db: ctx.deps.db,
      settings: ctx.deps.integrations,
      actor: ctx.user,
      workspaceId: input.workspaceId,
    }),
  );
