import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubApp, createGithubCodeReader } from '@vibemonitor/integrations';
import { startFakeGithub, type FakeGithub } from '@vibemonitor/integrations/testing';
import { resolveBudget } from '../budget/investigation-budget.js';
import { buildServiceDirectory } from '../checks/service-directory.js';
import { investigationWindow } from '../engine/investigation-window.js';
import type { CodeSource } from '../sources/data-sources.js';
import { codeTools } from './code-tools.js';
import type { ToolContext } from './investigation-tool.js';
import { readOnlyTools } from './read-only-tools.js';

const now = new Date('2026-12-07T12:00:00Z');
const bigPatch = Array.from({ length: 400 }, (_, i) => `+const line${i} = ${i};`).join('\n');

let fake: FakeGithub;
let context: ToolContext;

beforeAll(async () => {
  fake = await startFakeGithub({
    installations: [
      {
        id: 11,
        accountLogin: 'acme',
        repositories: [
          {
            fullName: 'acme/payments',
            files: { 'src/client.ts': 'export const connectTimeoutMs = 200;\n' },
            commits: [
              { sha: 'c3'.padEnd(40, '3'), message: 'Generated code', authorLogin: 'bot', date: '2026-12-07T11:50:00Z', files: [{ filename: 'gen.ts', additions: 400, patch: bigPatch }] },
              { sha: 'b2'.padEnd(40, '2'), message: "switch payment client timeout (#42)", authorLogin: 'alice', date: '2026-12-07T11:40:00Z', files: [{ filename: 'src/client.ts', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-export const connectTimeoutMs = 2000;\n+export const connectTimeoutMs = 200;' }] },
              { sha: 'a1'.padEnd(40, '1'), message: 'older', authorLogin: 'bob', date: '2026-12-06T09:00:00Z' },
            ],
            pulls: [
              { number: 42, title: 'switch payment client timeout', authorLogin: 'alice', mergedAt: '2026-12-07T11:40:00Z', mergeCommitSha: 'b2'.padEnd(40, '2') },
              { number: 40, title: 'ancient', authorLogin: 'bob', mergedAt: '2026-11-01T00:00:00Z', mergeCommitSha: null },
            ],
          },
          { fullName: 'acme/secret-sauce', files: { 'x.ts': 'connectTimeoutMs' } },
        ],
      },
    ],
  });
  const app = createGithubApp({ appId: fake.appId, privateKey: fake.privateKey, slug: 'vm', webhookSecret: fake.webhookSecret, apiUrl: fake.url });
  const code: CodeSource = {
    kind: 'code',
    id: 'github-code',
    name: 'GitHub code (acme)',
    repositories: [{ fullName: 'acme/payments', branch: 'main' }],
    ...createGithubCodeReader({ app, installationId: 11, allowed: ['acme/payments'] }),
  };
  const window = investigationWindow({ question: 'why are payments failing?', now });
  const { directory } = await buildServiceDirectory({ question: 'payments', workspaceServices: [], metrics: [], logs: [], window: window.incident });
  context = { metrics: [], logs: [], code, directory, window, budget: resolveBudget({ maxResultChars: 2_000 }), signal: new AbortController().signal };
});
afterAll(() => fake.close());

const tool = (name: string) => {
  const found = codeTools.find((t) => t.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('code tools against the fake GitHub', () => {
  it('are registered only when code is available', () => {
    expect(readOnlyTools({ hasLogs: true, hasMetrics: false }).map((t) => t.name)).not.toContain('read_file');
    expect(readOnlyTools({ hasLogs: false, hasMetrics: false, hasCode: true }).map((t) => t.name)).toEqual([
      'read_file', 'search_code', 'list_commits', 'commit_diff', 'list_merged_prs', 'compare_refs',
    ]);
  });

  it('read a file, search code, list commits and merged PRs in the window', async () => {
    const file = await tool('read_file').run({ path: 'src/client.ts', ref: 'b2' }, context);
    expect(file.text).toContain('connectTimeoutMs = 200');
    const search = await tool('search_code').run({ query: 'connectTimeoutMs' }, context);
    expect(search.text).toBe('1 match(es):\nacme/payments: src/client.ts');
    const commits = await tool('list_commits').run({}, context);
    expect(commits.text.split('\n')).toEqual([
      'c333333 2026-12-07T11:50:00Z bot: Generated code',
      'b222222 2026-12-07T11:40:00Z alice: switch payment client timeout (#42)',
    ]);
    const pulls = await tool('list_merged_prs').run({ repository: 'payments' }, context);
    expect(pulls.text).toBe('#42 2026-12-07T11:40:00Z alice: switch payment client timeout (merge b222222)');
  });

  it('show a diff with its hunk, and cap a large patch', async () => {
    const diff = await tool('commit_diff').run({ sha: 'b2'.padEnd(40, '2') }, context);
    expect(diff.text).toContain('+export const connectTimeoutMs = 200;');
    expect(diff.summary).toBe('acme/payments: diff of b222222 (1 file(s))');
    const big = await tool('commit_diff').run({ sha: 'c3'.padEnd(40, '3') }, context);
    expect(big.text.length).toBeLessThanOrEqual(2_000);
    expect(big.text).toContain('[patch truncated');
    const compare = await tool('compare_refs').run({ base: 'a1'.padEnd(40, '1'), head: 'c3'.padEnd(40, '3') }, context);
    expect(compare.text).toMatch(/^a1{39}\.\.\.c3{39}: ahead, 2 commit\(s\) ahead/);
    expect(compare.text.length).toBeLessThanOrEqual(2_000);
  });

  it('refuse repositories that are not attached, even when the installation sees them', async () => {
    await expect(tool('read_file').run({ repository: 'acme/secret-sauce', path: 'x.ts' }, context)).rejects.toThrow(/No attached repository/);
    await expect(tool('search_code').run({ query: 'connectTimeoutMs', repository: 'secret-sauce' }, context)).rejects.toThrow(/No attached repository/);
    await expect(tool('read_file').run({ path: 'x.ts' }, { ...context, code: null })).rejects.toThrow(/GitHub is not connected/);
  });
});
