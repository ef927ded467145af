import { eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import { loadEffectivePlan, setWorkspacePlan } from '@vibemonitor/core';
import { plans, workspaces, type Database } from '@vibemonitor/db';

export const ADMIN_USAGE = `Usage: pnpm admin <command>

Commands:
  set-plan <workspace-id> <plan-id>   Set a workspace's own plan (free, pro, or any row of the plans table).
                                      A running Stripe subscription still gives its plan while it runs.
  show-plan <workspace-id>            Print the workspace's own plan and the plan whose limits apply now.
  list-plans                          Print the plans table (limits per plan).

Embedded mode (PGlite under DATA_DIR): stop the server first; only one process may open the data directory.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function workspaceArg(value: string | undefined): string {
  if (!value || !UUID.test(value))
    throw new AppError('BAD_REQUEST', `A workspace id (a UUID) is required.\n\n${ADMIN_USAGE}`);
  return value;
}

/**
 * The administrator's commands (`pnpm admin ...`), run against an open
 * database. Prints with `print`; throws AppError for a bad command or
 * argument (the entry point prints it and exits 1).
 */
export async function runAdminCommand(
  args: string[],
  { db, print }: { db: Database; print: (line: string) => void },
): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'set-plan': {
      const workspaceId = workspaceArg(rest[0]);
      const planId = rest[1];
      if (!planId) throw new AppError('BAD_REQUEST', `A plan id is required.\n\n${ADMIN_USAGE}`);
      const changed = await setWorkspacePlan({ db, workspaceId, planId });
      const now = await loadEffectivePlan({ db, workspaceId });
      print(
        `Workspace "${changed.name}" (${workspaceId}): plan ${changed.previous} -> ${changed.planId}.`,
      );
      if (now.id !== changed.planId) {
        print(
          `Its Stripe subscription (${now.subscription?.status ?? 'unknown'}) gives ${now.name} while it runs.`,
        );
      }
      return;
    }
    case 'show-plan': {
      const workspaceId = workspaceArg(rest[0]);
      const [workspace] = await db
        .select({ name: workspaces.name, planId: workspaces.planId })
        .from(workspaces)
        .where(eq(workspaces.id, workspaceId));
      if (!workspace) throw new AppError('NOT_FOUND', `No workspace ${workspaceId}.`);
      const now = await loadEffectivePlan({ db, workspaceId });
      print(
        `Workspace "${workspace.name}" (${workspaceId}): own plan ${workspace.planId}; limits now from ${now.id} (${now.source}).`,
      );
      print(
        `Services: ${now.maxServices ?? 'unlimited'}; investigations a day: ${now.dailyInvestigations}.`,
      );
      if (now.notice) print(now.notice);
      return;
    }
    case 'list-plans': {
      for (const plan of await db.select().from(plans)) {
        print(
          `${plan.id}\t${plan.name}\tservices: ${plan.maxServices ?? 'unlimited'}\tinvestigations a day: ${plan.dailyInvestigations}`,
        );
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      print(ADMIN_USAGE);
      return;
    default:
      throw new AppError('BAD_REQUEST', `Unknown command "${command}".\n\n${ADMIN_USAGE}`);
  }
}
