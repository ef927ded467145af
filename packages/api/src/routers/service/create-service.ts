import {
  createService,
  labelMatchersSchema,
  serviceAliasesSchema,
  serviceDescriptionSchema,
  serviceNameSchema,
} from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { serviceSchema } from './service-schemas.js';

/**
 * Creates a service with its telemetry identity (owners). PAYMENT_REQUIRED
 * once the plan's service limit is reached; CONFLICT when the name or an
 * alias is already used by another service (ignoring case).
 */
export const createServiceProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      name: serviceNameSchema,
      description: serviceDescriptionSchema.optional(),
      aliases: serviceAliasesSchema.optional(),
      labelMatchers: labelMatchersSchema.optional(),
    }),
  )
  .output(serviceSchema)
  .mutation(({ ctx, input }) =>
    createService({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId: input.workspaceId,
      input: {
        name: input.name,
        description: input.description ?? null,
        aliases: input.aliases ?? [],
        labelMatchers: input.labelMatchers ?? {},
      },
    }),
  );
