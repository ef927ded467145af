import { AppError } from '@vibemonitor/contracts';
import type { GithubApp } from './github-app.js';
import { describeGithubError } from './github-app.js';

export interface CodeFile {
  repository: string;
  path: string;
  ref: string;
  size: number;
  content: string;
  truncated: boolean;
}

export interface CodeCommit {
  sha: string;
  author: string | null;
  date: string | null;
  message: string;
}

export interface CodeFileChange {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  /** Unified diff hunk(s), capped; null when GitHub sends none (binary, too large). */
  patch: string | null;
  patchTruncated: boolean;
}

export interface CodeMergedPull {
  number: number;
  title: string;
  author: string | null;
  mergedAt: string;
  mergeCommitSha: string | null;
}

/** Read-only access to the code of the repositories one installation grants, with every result capped. */
export interface GithubCodeReader {
  readFile(options: { repository: string; path: string; ref?: string; maxBytes?: number }): Promise<CodeFile>;
  searchCode(options: { query: string; repositories: readonly string[]; limit?: number }): Promise<{ items: Array<{ repository: string; path: string }>; totalCount: number }>;
  listCommits(options: { repository: string; since: Date; until: Date; branch?: string; limit?: number }): Promise<CodeCommit[]>;
  commitDiff(options: { repository: string; sha: string; maxPatchChars?: number; maxFiles?: number }): Promise<CodeCommit & { files: CodeFileChange[]; filesTruncated: boolean }>;
  listMergedPulls(options: { repository: string; since: Date; until: Date; limit?: number }): Promise<CodeMergedPull[]>;
  compare(options: { repository: string; base: string; head: string; maxPatchChars?: number; maxFiles?: number }): Promise<{ status: string; aheadBy: number; behindBy: number; commits: CodeCommit[]; files: CodeFileChange[]; filesTruncated: boolean }>;
}

const FULL_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

function split(repository: string): { owner: string; repo: string } {
  const match = FULL_NAME.exec(repository);
  if (!match) throw new AppError('VALIDATION_FAILED', `"${repository}" is not a repository name (owner/name).`);
  return { owner: match[1]!, repo: match[2]! };
}

type RawCommit = { sha: string; commit: { message: string; author?: { name?: string; date?: string } | null }; author?: { login?: string } | null };
type RawFile = { filename: string; status: string; additions: number; deletions: number; patch?: string };

const commitOf = (c: RawCommit): CodeCommit => ({
  sha: c.sha,
  author: c.author?.login ?? c.commit.author?.name ?? null,
  date: c.commit.author?.date ?? null,
  message: c.commit.message.slice(0, 1_000),
});

function filesOf(files: RawFile[] | undefined, maxPatchChars: number, maxFiles: number) {
  let budget = maxPatchChars;
  const list = (files ?? []).slice(0, maxFiles).map((f): CodeFileChange => {
    const patch = f.patch ?? null;
    const shown = patch === null ? null : patch.slice(0, Math.max(0, budget));
    budget -= shown?.length ?? 0;
    return {
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      patch: shown,
      patchTruncated: patch !== null && shown !== null && shown.length < patch.length,
    };
  });
  return { files: list, filesTruncated: (files?.length ?? 0) > maxFiles };
}

/**
 * A code reader for one installation, limited to `allowed` repositories
 * (the workspace's attached ones): a tool can never read a repository the
 * workspace did not choose, even if the installation could.
 */
export function createGithubCodeReader({
  app,
  installationId,
  allowed,
}: {
  app: GithubApp;
  installationId: number;
  allowed: readonly string[];
}): GithubCodeReader {
  const permitted = new Set(allowed.map((r) => r.toLowerCase()));
  const check = (repository: string) => {
    if (!permitted.has(repository.toLowerCase()))
      throw new AppError(
        'VALIDATION_FAILED',
        `Repository "${repository}" is not attached to this workspace's environment. Attached: ${allowed.join(', ') || 'none'}.`,
      );
    return split(repository);
  };
  const call = async <T>(what: string, run: (octokit: Awaited<ReturnType<GithubApp['installationOctokit']>>) => Promise<T>) => {
    const octokit = await app.installationOctokit(installationId);
    try {
      return await run(octokit);
    } catch (error) {
      throw describeGithubError(error, what);
    }
  };

  return {
    async readFile({ repository, path, ref, maxBytes = 20_000 }) {
      const { owner, repo } = check(repository);
      const data = await call(`reading ${path} in ${repository}`, async (octokit) =>
        (await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ...(ref ? { ref } : {}) })).data,
      );
      if (Array.isArray(data) || (data as { type?: string }).type !== 'file')
        throw new AppError('VALIDATION_FAILED', `${path} in ${repository} is not a file.`);
      const file = data as { content?: string; encoding?: string; size: number };
      const text = Buffer.from(file.content ?? '', file.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      return { repository, path, ref: ref ?? 'default branch', size: file.size, content: text.slice(0, maxBytes), truncated: text.length > maxBytes };
    },
    async searchCode({ query, repositories, limit = 20 }) {
      const scope = repositories.map((r) => { check(r); return `repo:${r}`; }).join(' ');
      if (!scope) throw new AppError('VALIDATION_FAILED', 'No repository to search.');
      const data = await call('searching code', async (octokit) =>
        (await octokit.request('GET /search/code', { q: `${query} ${scope}`, per_page: Math.min(limit, 100) })).data,
      );
      return {
        totalCount: data.total_count,
        items: data.items.slice(0, limit).map((i) => ({ repository: i.repository.full_name, path: i.path })),
      };
    },
    async listCommits({ repository, since, until, branch, limit = 30 }) {
      const { owner, repo } = check(repository);
      const data = await call(`listing commits of ${repository}`, async (octokit) =>
        (await octokit.request('GET /repos/{owner}/{repo}/commits', { owner, repo, since: since.toISOString(), until: until.toISOString(), per_page: Math.min(limit, 100), ...(branch ? { sha: branch } : {}) })).data,
      );
      return (data as RawCommit[]).slice(0, limit).map(commitOf);
    },
    async commitDiff({ repository, sha, maxPatchChars = 4_000, maxFiles = 30 }) {
      const { owner, repo } = check(repository);
      const data = await call(`reading commit ${sha} of ${repository}`, async (octokit) =>
        (await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner, repo, ref: sha })).data,
      );
      return { ...commitOf(data as RawCommit), ...filesOf(data.files as RawFile[] | undefined, maxPatchChars, maxFiles) };
    },
    async listMergedPulls({ repository, since, until, limit = 20 }) {
      const { owner, repo } = check(repository);
      const data = await call(`listing pull requests of ${repository}`, async (octokit) =>
        (await octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'closed', sort: 'updated', direction: 'desc', per_page: 100 })).data,
      );
      return data
        .filter((p) => p.merged_at !== null && Date.parse(p.merged_at) >= since.getTime() && Date.parse(p.merged_at) <= until.getTime())
        .slice(0, limit)
        .map((p) => ({ number: p.number, title: p.title, author: p.user?.login ?? null, mergedAt: p.merged_at!, mergeCommitSha: p.merge_commit_sha ?? null }));
    },
    async compare({ repository, base, head, maxPatchChars = 4_000, maxFiles = 30 }) {
      const { owner, repo } = check(repository);
      const data = await call(`comparing ${base}...${head} in ${repository}`, async (octokit) =>
        (await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner, repo, basehead: `${base}...${head}` })).data,
      );
      return {
        status: data.status,
        aheadBy: data.ahead_by,
        behindBy: data.behind_by,
        commits: (data.commits as RawCommit[]).slice(0, 50).map(commitOf),
        ...filesOf(data.files as RawFile[] | undefined, maxPatchChars, maxFiles),
      };
    },
  };
}
