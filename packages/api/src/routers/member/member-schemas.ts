import { memberRoleSchema } from '@vibemonitor/contracts';
import { z } from 'zod';

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  role: memberRoleSchema,
  joinedAt: z.date(),
});

export const memberUserIdField = z.uuid({ message: 'userId must be a UUID' });
