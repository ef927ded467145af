import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { isUniqueViolation, services, type Database } from '@vibemonitor/db';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import type { ServiceInput } from './create-service.js';
import {
  assertAliasesDifferFromName,
  assertServiceNamesFree,
  loadService,
  serviceColumns,
  toServiceSummary,
} from './load-service.js';
import type { ServiceSummary } from './service-summary.js';

/** Changes a service (owners); fields left out keep their value, `labelMatchers` is replaced whole. */
export async function updateService({
  db,
  actor,
  workspaceId,
  serviceId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  serviceId: string;
  input: Partial<ServiceInput>;
}): Promise<ServiceSummary> {
  try {
    return await db.transaction(async (tx) => {
      await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
      const current = await loadService({ db: tx, workspaceId, serviceId });
      const name = input.name ?? current.name;
      const aliases = input.aliases ?? current.aliases;
      assertAliasesDifferFromName(name, aliases);
      await assertServiceNamesFree({
        db: tx,
        workspaceId,
        names: [name, ...aliases],
        exceptId: serviceId,
      });
      const [row] = await tx
        .update(services)
        .set({
          name,
          aliases,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.labelMatchers !== undefined ? { labelMatchers: input.labelMatchers } : {}),
        })
        .where(and(eq(services.workspaceId, workspaceId), eq(services.id, serviceId)))
        .returning(serviceColumns);
      if (!row) throw new AppError('NOT_FOUND', 'Service not found in this workspace.');
      return toServiceSummary(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'services_workspace_name_unique')) {
      throw new AppError('CONFLICT', `"${input.name}" is already a service in this workspace.`, {
        name: input.name,
      });
    }
    throw error;
  }
}
