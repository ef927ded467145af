import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import {
  environments,
  githubChangeEvents,
  repositories,
  services,
  type Database,
  type GithubChangeEvent,
} from '@vibemonitor/db';

/** A GitHub change as the recent-changes check reads it (the agent's ChangeRecord shape). */
export interface GithubChangeRecord {
  at: Date;
  service: string | null;
  kind: 'deploy' | 'other';
  title: string;
  version?: string;
}

/** Most stored change events one investigation reads. */
const MAX_EVENTS = 500;

const short = (sha: string | null) => (sha ? sha.slice(0, 7) : null);

const ENVIRONMENT_ALIASES: Record<string, string> = { prod: 'production', prd: 'production', stage: 'staging', stg: 'staging', dev: 'development' };
/** `Production`, `prod` and `production` name the same environment. */
export function environmentKey(name: string): string {
  const key = name.trim().toLowerCase();
  return ENVIRONMENT_ALIASES[key] ?? key;
}

/**
 * GitHub change events of a workspace in a time span, for the recent-changes
 * check. The service is the workspace service named (or aliased) like the
 * repository (`owner/name` or `name`), else the repository's name. When the
 * environment has repositories attached, only those count, and pushes only
 * on the attached branch; deployments to another known environment of the
 * workspace are left out. A deployment's success (or the deployment itself
 * when no status came) stands for its commit: the push and the merged pull
 * request of the same commit are folded into its title, e.g.
 * `abc1234 by alice (PR #42: 'switch payment client timeout') of acme/pay to production`.
 */
export async function listGithubChanges({
  db,
  workspaceId,
  environmentId,
  start,
  end,
}: {
  db: Database;
  workspaceId: string;
  environmentId: string | null;
  start: Date;
  end: Date;
}): Promise<GithubChangeRecord[]> {
  let rows = await db
    .select()
    .from(githubChangeEvents)
    .where(
      and(
        eq(githubChangeEvents.workspaceId, workspaceId),
        gte(githubChangeEvents.occurredAt, start),
        lte(githubChangeEvents.occurredAt, end),
      ),
    )
    .orderBy(githubChangeEvents.occurredAt)
    .limit(MAX_EVENTS);
  if (rows.length === 0) return [];

  if (environmentId) {
    // A deployment to another of the workspace's environments (GitHub "staging" while
    // investigating "production") is not this environment's change. Unknown names stay.
    const named = await db
      .select({ id: environments.id, name: environments.name })
      .from(environments)
      .where(eq(environments.workspaceId, workspaceId));
    const others = new Set(named.filter((e) => e.id !== environmentId).map((e) => environmentKey(e.name)));
    const current = named.find((e) => e.id === environmentId);
    rows = rows.filter(
      (row) =>
        row.environment === null ||
        (current !== undefined && environmentKey(row.environment) === environmentKey(current.name)) ||
        !others.has(environmentKey(row.environment)),
    );
    const attached = await db
      .select({ fullName: repositories.fullName, branch: repositories.branch })
      .from(repositories)
      .where(and(eq(repositories.workspaceId, workspaceId), eq(repositories.environmentId, environmentId)));
    if (attached.length > 0) {
      const branchOf = new Map(attached.map((r) => [r.fullName.toLowerCase(), r.branch]));
      rows = rows.filter((row) => {
        const branch = branchOf.get(row.repositoryFullName.toLowerCase());
        if (branch === undefined) return false;
        return row.kind !== 'push' || row.version === branch;
      });
    }
  }

  const known = await db
    .select({ name: services.name, aliases: services.aliases })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const serviceOf = (fullName: string): string => {
    const lower = fullName.toLowerCase();
    const name = lower.split('/')[1] ?? lower;
    const found = known.find((s) =>
      [s.name, ...s.aliases].some((n) => n.toLowerCase() === lower || n.toLowerCase() === name),
    );
    return found?.name ?? (fullName.split('/')[1] ?? fullName);
  };

  // Merged PRs by commit, also from before the window (a PR merges before its deploy).
  const shas = [...new Set(rows.map((r) => r.sha).filter((s): s is string => s !== null))];
  const pulls =
    shas.length === 0
      ? []
      : await db
          .select()
          .from(githubChangeEvents)
          .where(
            and(
              eq(githubChangeEvents.workspaceId, workspaceId),
              eq(githubChangeEvents.kind, 'pull_request'),
              inArray(githubChangeEvents.sha, shas),
            ),
          );
  const pullOf = (row: GithubChangeEvent) => {
    const pull = pulls.find(
      (p) => p.sha === row.sha && p.repositoryFullName === row.repositoryFullName,
    );
    if (pull?.prNumber) return { number: pull.prNumber, title: pull.title };
    return row.prNumber ? { number: row.prNumber, title: null } : null;
  };
  const describe = (row: GithubChangeEvent, author: string | null) => {
    const pull = pullOf(row);
    const parts = [short(row.sha) ?? row.version ?? row.kind];
    if (author) parts.push(`by ${author}`);
    if (pull) parts.push(pull.title ? `(PR #${pull.number}: '${pull.title}')` : `(PR #${pull.number})`);
    return parts.join(' ');
  };

  const deployed = new Set(
    rows
      .filter((r) => (r.kind === 'deployment' || r.kind === 'deployment_status') && r.sha)
      .map((r) => `${r.repositoryFullName}|${r.sha}`),
  );
  const finished = new Set(
    rows
      .filter((r) => r.kind === 'deployment_status')
      .map((r) => `${r.repositoryFullName}|${r.sha}|${r.environment}`),
  );
  // A deployment's own description says what shipped; the default one ("Deploy ref to env") adds nothing.
  const note = (row: GithubChangeEvent) =>
    row.title.startsWith('Deploy ') ? ' (GitHub deployment)' : ` (GitHub deployment: ${row.title})`;
  const records: GithubChangeRecord[] = [];
  for (const row of rows) {
    const key = `${row.repositoryFullName}|${row.sha}`;
    const where = `${row.repositoryFullName}${row.environment ? ` to ${row.environment}` : ''}`;
    const service = serviceOf(row.repositoryFullName);
    const version = row.version && row.version !== row.sha ? { version: row.version } : {};
    switch (row.kind) {
      case 'deployment':
        // The status, when one came, says when it went live.
        if (finished.has(`${key}|${row.environment}`)) continue;
        records.push({ at: row.occurredAt, service, kind: 'deploy', title: `${describe(row, row.author)} of ${where}${note(row)}`, ...version });
        break;
      case 'deployment_status':
        records.push({
          at: row.occurredAt,
          service,
          kind: row.state === 'success' ? 'deploy' : 'other',
          title: `${describe(row, row.author)} of ${where}${row.state === 'success' ? '' : ` ${row.state === 'failure' ? 'failed' : 'errored'}`}${note(row)}`,
          ...version,
        });
        break;
      case 'release':
        records.push({ at: row.occurredAt, service, kind: 'deploy', title: `release ${row.version ?? ''} of ${row.repositoryFullName} by ${row.author ?? 'unknown'}: ${row.title}`, ...version });
        break;
      case 'push':
        if (deployed.has(key)) continue;
        records.push({ at: row.occurredAt, service, kind: 'deploy', title: `${describe(row, row.author)} pushed to ${row.repositoryFullName} ${row.version ?? ''}: ${row.title}`.trim() });
        break;
      case 'pull_request':
        if (deployed.has(key)) continue;
        records.push({ at: row.occurredAt, service, kind: 'other', title: `PR #${row.prNumber ?? '?'} '${row.title}' by ${row.author ?? 'unknown'} merged into ${row.repositoryFullName} ${row.version ?? ''}`.trim() });
        break;
    }
  }
  return records;
}
