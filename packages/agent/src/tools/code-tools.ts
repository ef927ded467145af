import { z } from 'zod';
import { AppError } from '@vibemonitor/contracts';
import type { CodeCommit, CodeFileChange } from '@vibemonitor/integrations';
import type { CodeSource } from '../sources/data-sources.js';
import { capText } from './format-result.js';
import { defineTool, spanFrom, type ToolContext } from './investigation-tool.js';

const repositoryArg = z
  .string()
  .optional()
  .describe('Repository (owner/name, or just name, or the service it holds); default: the first attached one');
const time = {
  start: z.string().optional().describe('ISO 8601 start; default: one hour before the incident window'),
  end: z.string().optional().describe('ISO 8601 end; default: the end of the incident window'),
};
/** Characters of diff shown per call, below the result cap so the headers fit. */
const PATCH_SHARE = 0.75;

function codeOf(context: ToolContext): CodeSource {
  if (!context.code)
    throw new AppError('PRECONDITION_FAILED', 'GitHub is not connected (or no repository is attached to the environment).');
  return context.code;
}

/** The attached repository named by full name, short name or the service it holds. */
function pickRepository(code: CodeSource, wanted: string | undefined): string {
  const first = code.repositories[0];
  if (!first) throw new AppError('PRECONDITION_FAILED', 'No repository is attached to this environment.');
  if (!wanted) return first.fullName;
  const lower = wanted.toLowerCase();
  const found = code.repositories.find(
    (r) => r.fullName.toLowerCase() === lower || r.fullName.split('/')[1]?.toLowerCase() === lower,
  );
  if (!found)
    throw new AppError(
      'VALIDATION_FAILED',
      `No attached repository "${wanted}". Attached: ${code.repositories.map((r) => r.fullName).join(', ')}.`,
    );
  return found.fullName;
}

function changeSpan(context: ToolContext, args: { start?: string | undefined; end?: string | undefined }) {
  return spanFrom(args, {
    start: new Date(context.window.incident.start.getTime() - 60 * 60_000),
    end: context.window.incident.end,
  });
}

const commitLine = (c: CodeCommit) =>
  `${c.sha.slice(0, 7)} ${c.date ?? ''} ${c.author ?? 'unknown'}: ${c.message.split('\n')[0] ?? ''}`.trim();

function filesText(files: CodeFileChange[], filesTruncated: boolean): string {
  const parts = files.map((f) => {
    const head = `--- ${f.filename} (${f.status}, +${f.additions} -${f.deletions})`;
    if (f.patch === null) return `${head}\n[no patch: binary or too large]`;
    return `${head}\n${f.patch}${f.patchTruncated ? '\n[patch truncated: ask for the file at the commit instead]' : ''}`;
  });
  if (filesTruncated) parts.push('[more files changed than shown]');
  return parts.join('\n');
}

const cap = (context: ToolContext, text: string, howToNarrow: string) =>
  capText(text, context.budget.maxResultChars, howToNarrow).text;

export const readFileTool = defineTool({
  name: 'read_file',
  description: 'Read one file of an attached repository at a commit, tag or branch (default: the default branch). Capped; read a narrower file if truncated.',
  schema: z.object({
    repository: repositoryArg,
    path: z.string().min(1).max(400).describe('Path inside the repository, e.g. src/payments/client.ts'),
    ref: z.string().max(200).optional().describe('Commit SHA, tag or branch'),
  }),
  async run(args, context) {
    const code = codeOf(context);
    const repository = pickRepository(code, args.repository);
    const file = await code.readFile({ repository, path: args.path, ...(args.ref ? { ref: args.ref } : {}), maxBytes: Math.floor(context.budget.maxResultChars * PATCH_SHARE) });
    return {
      text: cap(context, `${repository}/${file.path} at ${file.ref} (${file.size} bytes)${file.truncated ? ', truncated' : ''}\n${file.content}`, 'Read a smaller file.'),
      summary: `${repository}: ${file.path} at ${file.ref}${file.truncated ? ' (truncated)' : ''}`,
    };
  },
});

export const searchCodeTool = defineTool({
  name: 'search_code',
  description: 'Search the code of the attached repositories (GitHub code search; default branch only). At most 20 matches.',
  schema: z.object({
    query: z.string().min(2).max(200).describe('Words or an identifier, e.g. "connectTimeout"'),
    repository: repositoryArg,
  }),
  async run(args, context) {
    const code = codeOf(context);
    const repositories = args.repository ? [pickRepository(code, args.repository)] : code.repositories.map((r) => r.fullName);
    const found = await code.searchCode({ query: args.query, repositories, limit: 20 });
    const lines = found.items.map((i) => `${i.repository}: ${i.path}`);
    return {
      text: cap(context, found.items.length === 0 ? `No match for "${args.query}".` : `${found.totalCount} match(es)${found.totalCount > lines.length ? `, first ${lines.length}` : ''}:\n${lines.join('\n')}`, 'Use a more specific query.'),
      summary: `code search "${args.query}": ${found.totalCount} match(es)`,
    };
  },
});

export const listCommitsTool = defineTool({
  name: 'list_commits',
  description: 'Commits of an attached repository in a time range (default: the hour before the incident through its end). At most 30, newest first.',
  schema: z.object({ repository: repositoryArg, ...time }),
  async run(args, context) {
    const code = codeOf(context);
    const repository = pickRepository(code, args.repository);
    const span = changeSpan(context, args);
    const branch = code.repositories.find((r) => r.fullName === repository)?.branch;
    const commits = await code.listCommits({ repository, since: span.start, until: span.end, ...(branch ? { branch } : {}), limit: 30 });
    return {
      text: cap(context, commits.length === 0 ? `No commits in ${repository} between ${span.start.toISOString()} and ${span.end.toISOString()}.` : commits.map(commitLine).join('\n'), 'Use a shorter time range.'),
      summary: `${repository}: ${commits.length} commit(s) ${span.start.toISOString()} to ${span.end.toISOString()}`,
    };
  },
});

export const commitDiffTool = defineTool({
  name: 'commit_diff',
  description: "One commit's message and diff (patches capped). Quote the hunk that explains the incident.",
  schema: z.object({ repository: repositoryArg, sha: z.string().regex(/^[0-9a-f]{7,40}$/i, 'a commit SHA (7 to 40 hex digits)') }),
  async run(args, context) {
    const code = codeOf(context);
    const repository = pickRepository(code, args.repository);
    const commit = await code.commitDiff({ repository, sha: args.sha, maxPatchChars: Math.floor(context.budget.maxResultChars * PATCH_SHARE), maxFiles: 30 });
    return {
      text: cap(context, `${commitLine(commit)}\n${commit.message}\n\n${filesText(commit.files, commit.filesTruncated)}`, 'Read a single file at the commit with read_file.'),
      summary: `${repository}: diff of ${commit.sha.slice(0, 7)} (${commit.files.length} file(s))`,
    };
  },
});

export const listMergedPullsTool = defineTool({
  name: 'list_merged_prs',
  description: 'Pull requests merged into an attached repository in a time range (default: the hour before the incident through its end). At most 20.',
  schema: z.object({ repository: repositoryArg, ...time }),
  async run(args, context) {
    const code = codeOf(context);
    const repository = pickRepository(code, args.repository);
    const span = changeSpan(context, args);
    const pulls = await code.listMergedPulls({ repository, since: span.start, until: span.end, limit: 20 });
    return {
      text: cap(context, pulls.length === 0 ? `No pull request merged into ${repository} in that range.` : pulls.map((p) => `#${p.number} ${p.mergedAt} ${p.author ?? 'unknown'}: ${p.title}${p.mergeCommitSha ? ` (merge ${p.mergeCommitSha.slice(0, 7)})` : ''}`).join('\n'), 'Use a shorter time range.'),
      summary: `${repository}: ${pulls.length} merged PR(s)`,
    };
  },
});

export const compareRefsTool = defineTool({
  name: 'compare_refs',
  description: 'What changed between two refs (commits, tags, branches) of an attached repository: commits and capped patches, e.g. the previous and the current deployed version.',
  schema: z.object({
    repository: repositoryArg,
    base: z.string().min(1).max(200).describe('Older ref, e.g. v2.13.0'),
    head: z.string().min(1).max(200).describe('Newer ref, e.g. v2.14.0'),
  }),
  async run(args, context) {
    const code = codeOf(context);
    const repository = pickRepository(code, args.repository);
    const result = await code.compare({ repository, base: args.base, head: args.head, maxPatchChars: Math.floor(context.budget.maxResultChars * PATCH_SHARE), maxFiles: 30 });
    return {
      text: cap(context, `${args.base}...${args.head}: ${result.status}, ${result.aheadBy} commit(s) ahead, ${result.behindBy} behind\n${result.commits.map(commitLine).join('\n')}\n\n${filesText(result.files, result.filesTruncated)}`, 'Compare closer refs or read a single commit with commit_diff.'),
      summary: `${repository}: ${args.base}...${args.head} (${result.aheadBy} commit(s), ${result.files.length} file(s))`,
    };
  },
});

/** The read-only code tools, registered when GitHub is connected and repositories are attached. */
export const codeTools = [readFileTool, searchCodeTool, listCommitsTool, commitDiffTool, listMergedPullsTool, compareRefsTool];
