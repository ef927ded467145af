import { and, eq, ne } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { services, type Database } from '@vibemonitor/db';
import type { LabelMatchers } from './service-fields.js';
import type { ServiceSummary } from './service-summary.js';

export const serviceColumns = {
  id: services.id,
  name: services.name,
  description: services.description,
  aliases: services.aliases,
  labelMatchers: services.labelMatchers,
  createdAt: services.createdAt,
  updatedAt: services.updatedAt,
};

/** Narrows the stored jsonb (validated on the way in) to the API's shape. */
export function toServiceSummary(
  row: Omit<ServiceSummary, 'labelMatchers'> & { labelMatchers: unknown },
): ServiceSummary {
  return { ...row, labelMatchers: row.labelMatchers as LabelMatchers };
}

/** One service of the workspace (NOT_FOUND otherwise, so other workspaces' ids reveal nothing). */
export async function loadService({
  db,
  workspaceId,
  serviceId,
}: {
  db: Database;
  workspaceId: string;
  serviceId: string;
}): Promise<ServiceSummary> {
  const [row] = await db
    .select(serviceColumns)
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), eq(services.id, serviceId)));
  if (!row) throw new AppError('NOT_FOUND', 'Service not found in this workspace.');
  return toServiceSummary(row);
}

/**
 * Refuses a name or alias that another service of the workspace already uses
 * as its name or an alias, ignoring case: an investigation resolves "checkout"
 * to exactly one service. Call it after locking the workspace.
 */
export async function assertServiceNamesFree({
  db,
  workspaceId,
  names,
  exceptId,
}: {
  db: Database;
  workspaceId: string;
  names: string[];
  exceptId?: string;
}): Promise<void> {
  const others = await db
    .select({ name: services.name, aliases: services.aliases })
    .from(services)
    .where(
      and(eq(services.workspaceId, workspaceId), exceptId ? ne(services.id, exceptId) : undefined),
    );
  const wanted = new Map(names.map((name) => [name.toLowerCase(), name]));
  for (const other of others) {
    for (const taken of [other.name, ...other.aliases]) {
      const clash = wanted.get(taken.toLowerCase());
      if (clash === undefined) continue;
      const how = taken === other.name ? 'a service' : `an alias of the service "${other.name}"`;
      throw new AppError('CONFLICT', `"${clash}" is already ${how} in this workspace.`, {
        name: clash,
      });
    }
  }
}

/** A name listed as its own alias would be noise for the investigator and ambiguous in the UI. */
export function assertAliasesDifferFromName(name: string, aliases: string[]): void {
  if (aliases.some((alias) => alias.toLowerCase() === name.toLowerCase())) {
    throw new AppError(
      'VALIDATION_FAILED',
      `"${name}" is the service's name already: it cannot be an alias too.`,
    );
  }
}
