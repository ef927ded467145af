import { and, eq } from 'drizzle-orm';
import { AppError } from '@vibemonitor/contracts';
import {
  integrations,
  memberships,
  services,
  users,
  workspaces,
  type Database,
} from '@vibemonitor/db';
import { createTeamWorkspace } from '../workspaces/create-team-workspace.js';
import type { WorkspaceSummary } from '../workspaces/workspace-summary.js';
import {
  DEMO_INTEGRATION_NAME,
  DEMO_NOTE,
  DEMO_SCENARIO,
  DEMO_WORKSPACE_NAME,
  demoServices,
} from '@vibemonitor/simulator/sources';

/**
 * Opens the caller's demo workspace, creating it the first time: a team
 * workspace "Demo (simulated data)" owned by the caller, holding the
 * simulated shop's services and one `demo` integration, which investigations
 * read through the simulator instead of a network (see createDemoSources).
 * One per user: later calls return the workspace they already have.
 *
 * The services are inserted as one fixed set rather than through
 * createService, so the demo shows the whole shop even on the Free plan's
 * service limit; they are demo data, not a choice the user made.
 */
export async function createDemoWorkspace({
  db,
  actor,
  available,
}: {
  db: Database;
  actor: { id: string };
  /** Whether this server offers the demo (DEMO_WORKSPACE; on by default in embedded mode). */
  available: boolean;
}): Promise<{ workspace: WorkspaceSummary; created: boolean }> {
  if (!available) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'The demo workspace is turned off on this server: set DEMO_WORKSPACE=true to offer it (it is on by default in embedded mode).',
    );
  }
  return db.transaction(async (tx) => {
    // Serialises concurrent calls of one user, so a double click makes one workspace.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, actor.id)).for('update');
    const [existing] = await tx
      .select({
        id: workspaces.id,
        name: workspaces.name,
        type: workspaces.type,
        createdAt: workspaces.createdAt,
        role: memberships.role,
      })
      .from(integrations)
      .innerJoin(workspaces, eq(workspaces.id, integrations.workspaceId))
      .innerJoin(
        memberships,
        and(
          eq(memberships.workspaceId, integrations.workspaceId),
          eq(memberships.userId, actor.id),
        ),
      )
      .where(eq(integrations.provider, 'demo'))
      .limit(1);
    if (existing) return { workspace: existing, created: false };

    const workspace = await createTeamWorkspace({
      db: tx,
      actor,
      input: { name: DEMO_WORKSPACE_NAME },
    });
    await tx.insert(services).values(
      demoServices.map((service) => ({
        workspaceId: workspace.id,
        name: service.name,
        description: service.description,
        aliases: service.aliases,
        labelMatchers: service.labelMatchers,
      })),
    );
    await tx.insert(integrations).values({
      workspaceId: workspace.id,
      provider: 'demo',
      name: DEMO_INTEGRATION_NAME,
      config: { scenario: DEMO_SCENARIO, note: DEMO_NOTE },
      // Nothing to reach over a network: the simulator is always there.
      healthStatus: 'healthy',
      lastCheckedAt: new Date(),
    });
    return { workspace, created: true };
  });
}
