import type { GithubChangeKind } from '@vibemonitor/db';

/** A change event read from one webhook delivery, before it is tied to a workspace. */
export interface GithubChange {
  kind: GithubChangeKind;
  repositoryFullName: string;
  occurredAt: Date;
  sha: string | null;
  version: string | null;
  environment: string | null;
  state: string | null;
  author: string | null;
  title: string;
  prNumber: number | null;
  url: string | null;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const str = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
const time = (...values: unknown[]): Date | null => {
  for (const value of values) {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  return null;
};
/** First line, at most 200 characters: commit messages and descriptions can be long. */
const headline = (text: string) => (text.split('\n')[0] ?? '').trim().slice(0, 200);

/** The PR number in a merge commit's message: `Merge pull request #42 from ...` or a squash `title (#42)`. */
export function pullNumberFromMessage(message: string): number | null {
  const match =
    /Merge pull request #(\d+)/.exec(message) ?? /\(#(\d+)\)\s*$/.exec(headline(message));
  return match?.[1] ? Number(match[1]) : null;
}

/** Deployment statuses that mark an outcome (queued, pending and in-progress ones are noise). */
const FINAL_DEPLOYMENT_STATES = new Set(['success', 'failure', 'error']);

/**
 * The change a delivery describes, or why it is not one. Pushes count only
 * on the repository's default branch; deployments when created; deployment
 * statuses when final; releases when published; pull requests when merged.
 */
export function changeFromDelivery(
  event: string,
  payloadValue: unknown,
): { change: GithubChange } | { ignored: string } {
  const payload = obj(payloadValue);
  const repository = obj(payload.repository);
  const repositoryFullName = str(repository.full_name);
  const action = str(payload.action);
  if (!repositoryFullName) return { ignored: `${event}: no repository in the payload` };
  const base = { repositoryFullName, environment: null, state: null, prNumber: null };

  if (event === 'push') {
    const defaultBranch = str(repository.default_branch) ?? 'main';
    if (payload.ref !== `refs/heads/${defaultBranch}`)
      return { ignored: `push to ${String(payload.ref)}, not the default branch ${defaultBranch}` };
    const head = obj(payload.head_commit);
    if (payload.deleted === true || !str(head.id)) return { ignored: 'push without a head commit' };
    const message = str(head.message) ?? '';
    const author = obj(head.author);
    return {
      change: {
        ...base,
        kind: 'push',
        occurredAt: time(head.timestamp) ?? new Date(),
        sha: str(head.id),
        version: defaultBranch,
        author: str(author.username) ?? str(author.name) ?? str(obj(payload.pusher).name),
        title: headline(message) || 'push',
        prNumber: pullNumberFromMessage(message),
        url: str(head.url),
      },
    };
  }
  if (event === 'deployment') {
    if (action !== 'created') return { ignored: `deployment ${action ?? ''}`.trim() };
    const deployment = obj(payload.deployment);
    const ref = str(deployment.ref);
    const environment = str(deployment.environment);
    return {
      change: {
        ...base,
        kind: 'deployment',
        occurredAt: time(deployment.created_at) ?? new Date(),
        sha: str(deployment.sha),
        version: ref,
        environment,
        author: str(obj(deployment.creator).login),
        title: headline(str(deployment.description) ?? '') || `Deploy ${ref ?? 'unknown ref'} to ${environment ?? 'an environment'}`,
        url: str(deployment.url),
      },
    };
  }
  if (event === 'deployment_status') {
    const status = obj(payload.deployment_status);
    const deployment = obj(payload.deployment);
    const state = str(status.state);
    if (!state || !FINAL_DEPLOYMENT_STATES.has(state))
      return { ignored: `deployment status ${state ?? 'unknown'} is not final` };
    const environment = str(status.environment) ?? str(deployment.environment);
    const ref = str(deployment.ref);
    return {
      change: {
        ...base,
        kind: 'deployment_status',
        occurredAt: time(status.updated_at, status.created_at) ?? new Date(),
        sha: str(deployment.sha),
        version: ref,
        environment,
        state,
        author: str(obj(deployment.creator).login) ?? str(obj(status.creator).login),
        title:
          headline(str(deployment.description) ?? '') ||
          `Deploy ${ref ?? 'unknown ref'} to ${environment ?? 'an environment'}`,
        url: str(status.target_url) ?? str(status.url),
      },
    };
  }
  if (event === 'release') {
    if (action !== 'published') return { ignored: `release ${action ?? ''}`.trim() };
    const release = obj(payload.release);
    const tag = str(release.tag_name);
    return {
      change: {
        ...base,
        kind: 'release',
        occurredAt: time(release.published_at, release.created_at) ?? new Date(),
        sha: null,
        version: tag,
        author: str(obj(release.author).login),
        title: headline(str(release.name) ?? '') || `Release ${tag ?? ''}`.trim(),
        url: str(release.html_url),
      },
    };
  }
  if (event === 'pull_request') {
    const pull = obj(payload.pull_request);
    if (action !== 'closed' || pull.merged !== true)
      return { ignored: `pull request ${action ?? ''} (not a merge)`.trim() };
    return {
      change: {
        ...base,
        kind: 'pull_request',
        occurredAt: time(pull.merged_at) ?? new Date(),
        sha: str(pull.merge_commit_sha),
        version: str(obj(pull.base).ref),
        author: str(obj(pull.user).login),
        title: headline(str(pull.title) ?? '') || `Pull request #${String(pull.number)}`,
        prNumber: num(pull.number),
        url: str(pull.html_url),
      },
    };
  }
  return { ignored: `event ${event} is not a change` };
}
