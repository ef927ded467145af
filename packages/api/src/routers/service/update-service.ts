import {
  labelMatchersSchema,
  serviceAliasesSchema,
  serviceDescriptionSchema,
  serviceNameSchema,
  updateService,
} from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';
import { serviceIdField, serviceSchema } from './service-schemas.js';

/** Changes a service (owners): fields left out keep their value; aliases and labelMatchers are replaced whole. */
export const updateServiceProcedure = workspaceProcedure('owner')
  .input(
    z.object({
      serviceId: serviceIdField,
      name: serviceNameSchema.optional(),
      description: serviceDescriptionSchema.optional(),
      aliases: serviceAliasesSchema.optional(),
      labelMatchers: labelMatchersSchema.optional(),
    }),
  )
  .output(serviceSchema)
  .mutation(({ ctx, input }) => {
    const { workspaceId, serviceId, ...changes } = input;
    return updateService({
      db: ctx.deps.db,
      actor: ctx.user,
      workspaceId,
      serviceId,
      input: changes,
    });
  });
