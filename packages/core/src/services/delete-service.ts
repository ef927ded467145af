import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { services, type Database } from '@vibemonitor/db';

/** Deletes a service of the workspace (the API allows owners only). */
export async function deleteService({
  db,
  workspaceId,
  serviceId,
}: {
  db: Database;
  workspaceId: string;
  serviceId: string;
}): Promise<void> {
  const deleted = await db
    .delete(services)
    .where(and(eq(services.workspaceId, workspaceId), eq(services.id, serviceId)))
    .returning({ id: services.id });
  if (deleted.length === 0) throw new AppError('NOT_FOUND', 'Service not found in this workspace.');
}
