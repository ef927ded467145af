import { count, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { isUniqueViolation, services, type Database } from '@vibemonitor/db';
import { getWorkspacePlan } from '../plans/workspace-plan.js';
import { lockWorkspace } from '../workspaces/lock-workspace.js';
import {
  assertAliasesDifferFromName,
  assertServiceNamesFree,
  serviceColumns,
  toServiceSummary,
} from './load-service.js';
import type { LabelMatchers } from './service-fields.js';
import type { ServiceSummary } from './service-summary.js';

export interface ServiceInput {
  name: string;
  description: string | null;
  aliases: string[];
  labelMatchers: LabelMatchers;
}

/**
 * Creates a service (owners) within the plan's limit. The count and the
 * insert happen under the workspace row lock, so two concurrent creates at
 * the limit cannot both succeed.
 */
export async function createService({
  db,
  actor,
  workspaceId,
  input,
}: {
  db: Database;
  actor: { id: string };
  workspaceId: string;
  input: ServiceInput;
}): Promise<ServiceSummary> {
  assertAliasesDifferFromName(input.name, input.aliases);
  try {
    return await db.transaction(async (tx) => {
      await lockWorkspace({ db: tx, workspaceId, userId: actor.id, minRole: 'owner' });
      const plan = await getWorkspacePlan({ db: tx, workspaceId });
      const [existing] = await tx
        .select({ n: count() })
        .from(services)
        .where(eq(services.workspaceId, workspaceId));
      const current = existing?.n ?? 0;
      if (plan.maxServices !== null && current >= plan.maxServices) {
        const next =
          plan.id === 'free'
            ? 'Upgrade to Pro for more services.'
            : 'Add services to the subscription (billing.changeServiceCount) to go further.';
        throw new AppError(
          'PAYMENT_REQUIRED',
          `The ${plan.name} plan allows ${plan.maxServices} services and this workspace has ${current}. ${next}` +
            (plan.notice ? ` ${plan.notice}` : ''),
          { plan: plan.id, limit: plan.maxServices, count: current },
        );
      }
      await assertServiceNamesFree({ db: tx, workspaceId, names: [input.name, ...input.aliases] });
      const [row] = await tx
        .insert(services)
        .values({ workspaceId, ...input })
        .returning(serviceColumns);
      if (!row) throw new Error('insert into services returned no row');
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
