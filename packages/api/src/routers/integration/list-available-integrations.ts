import { providerDescriptions } from '@vibemonitor/core';
import { z } from 'zod';
import { workspaceProcedure } from '../../trpc.js';

const providerSchema = z.object({
  provider: z.enum(['grafana', 'prometheus', 'loki', 'cloudwatch', 'datadog', 'newrelic']),
  label: z.string(),
  description: z.string(),
  capabilities: z.array(z.enum(['metrics', 'logs'])),
  authTypes: z.array(z.enum(['token', 'none', 'bearer', 'basic', 'aws_role'])),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      required: z.boolean(),
      secret: z.boolean(),
      description: z.string(),
    }),
  ),
});

/**
 * The providers that can be connected, with the fields each needs, and
 * whether this deployment lets integration URLs point at private networks.
 */
export const listAvailableIntegrationsProcedure = workspaceProcedure('user')
  .output(z.object({ providers: z.array(providerSchema), allowPrivateUrls: z.boolean() }))
  .query(({ ctx }) => ({
    providers: providerDescriptions,
    allowPrivateUrls: ctx.deps.integrations.allowPrivateUrls,
  }));
