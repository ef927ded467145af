import { z } from 'zod';

export const repositorySchema = z.object({
  id: z.uuid(),
  fullName: z.string(),
  branch: z.string(),
});

export const environmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  isDefault: z.boolean(),
  repositories: z.array(repositorySchema),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const environmentIdField = z.uuid({ message: 'environmentId must be a UUID' });
