import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedTelemetry, type SimulatedTelemetry } from '@vibemonitor/agent/testing';
import type { RcaEvent } from '@vibemonitor/contracts';
import { FAKE_LLM_KEYS, startFakeLlmServer, type FakeLlmServer } from '@vibemonitor/core/testing/llm';
import type { FakeGithub } from '@vibemonitor/integrations/testing';
import { streamTurn } from './chat-helpers.js';
import type { TestStack } from './harness.js';
import { deliver, install, processed, startGithubStack } from './github-helpers.js';
import { createSignedInUser, type TestUser } from './users.js';

/*
 * An investigation that names the bad deploy from a GitHub deployment that
 * arrived as a signed webhook: the simulated "bad deploy of orders" happening
 * now (metrics in a real Prometheus, logs in the Loki-speaking server), and a
 * deployment of acme/orders by alice whose commit is PR #42, delivered through
 * POST /api/v1/webhooks/github and processed on the queue.
 */

let telemetry: SimulatedTelemetry;
let llm: FakeLlmServer;
let fake: FakeGithub;
let stack: TestStack;
let owner: TestUser;
let workspaceId: string;
let deployedAt: Date;

beforeAll(async () => {
  const faultStart = Math.floor(Date.now() / 30_000) * 30 - 30 * 60;
  deployedAt = new Date((faultStart - 60) * 1000);
  telemetry = await startSimulatedTelemetry('bad-deploy', { faultStart });
  llm = await startFakeLlmServer();
  const sha = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
  ({ fake, stack } = await startGithubStack(
    [
      {
        id: 8001,
        accountLogin: 'acme',
        repositories: [
          {
            fullName: 'acme/orders',
            commits: [
              {
                sha,
                message: 'switch pricing to BigDecimal (#42)',
                authorLogin: 'alice',
                date: new Date(deployedAt.getTime() - 5 * 60_000).toISOString(),
                files: [{ filename: 'src/PricingService.java', additions: 1, deletions: 1, patch: '@@ -40 +40 @@\n-    return price.multiply(quantity);\n+    return lookupPrice(sku).multiply(quantity);' }],
              },
            ],
          },
        ],
      },
    ],
    { ALLOW_PRIVATE_INTEGRATION_URLS: 'true', OPENAI_BASE_URL: llm.baseUrlFor('openai') },
  ));
  owner = await createSignedInUser(stack, { name: 'On-call' });
  workspaceId = owner.personalWorkspaceId;
  await install(stack, fake, owner, workspaceId, 8001);
  await owner.client.integration.connect.mutate({ workspaceId, name: 'Prometheus', provider: 'prometheus', url: telemetry.prometheusUrl });
  await owner.client.integration.connect.mutate({ workspaceId, name: 'Loki', provider: 'loki', url: telemetry.lokiUrl });

  const installation = { id: 8001 };
  const repository = { full_name: 'acme/orders', name: 'orders', default_branch: 'main' };
  const deployment = { id: 77, sha, ref: 'main', environment: 'production', creator: { login: 'alice' }, created_at: new Date(deployedAt.getTime() - 60_000).toISOString() };
  const deliveries = [
    await deliver(stack, fake, 'pull_request', { action: 'closed', installation, repository, number: 42, pull_request: { number: 42, title: 'switch pricing to BigDecimal', merged: true, merged_at: new Date(deployedAt.getTime() - 5 * 60_000).toISOString(), merge_commit_sha: sha, user: { login: 'alice' }, base: { ref: 'main' } } }),
    await deliver(stack, fake, 'deployment', { action: 'created', installation, repository, deployment }),
    await deliver(stack, fake, 'deployment_status', { action: 'created', installation, repository, deployment, deployment_status: { state: 'success', environment: 'production', created_at: deployedAt.toISOString() } }),
  ];
  for (const d of deliveries) await processed(stack, d.id);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await llm?.close();
  await fake?.close();
  await telemetry?.close();
});

describe('an investigation with GitHub connected', () => {
  it('cites the webhook-delivered deployment, its author and its pull request', async () => {
    const { turnId } = await owner.client.chat.send.mutate({ workspaceId, message: 'Why are checkouts failing?' });
    const items = await streamTurn(owner.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
    const events: RcaEvent[] = items.map((item) => item.data.event);
    const changes = events.find((e) => e.type === 'finding' && e.check === 'recent_changes');
    if (changes?.type !== 'finding') throw new Error('expected a recent_changes finding');
    expect(changes.interesting).toBe(true);
    expect(changes.summary).toContain("9f8e7d6 by alice (PR #42: 'switch pricing to BigDecimal') of acme/orders to production");
    const complete = events.at(-1);
    if (complete?.type !== 'complete') throw new Error('expected a complete event');
    const { report } = complete;
    expect(report.rootCause?.service).toBe('orders');
    const cited = report.evidence.find((e) => e.summary.includes('PR #42'));
    expect(cited?.summary).toContain(`${deployedAt.toISOString()} orders: 9f8e7d6 by alice`);
    expect(report.rootCause?.evidenceIds).toContain(cited?.id);
  });
});

describe('a model-driven investigation with GitHub connected', () => {
  it('may read the diff of the suspect deploy and quote its hunk', async () => {
    const environment = await owner.client.environment.create.mutate({ workspaceId, name: 'production' });
    await owner.client.environment.addRepository.mutate({ workspaceId, environmentId: environment.id, fullName: 'acme/orders', branch: 'main' });
    await owner.client.llmConfig.put.mutate({ workspaceId, provider: 'openai', model: 'gpt-4o-mini', apiKey: FAKE_LLM_KEYS.openai });
    const answer = JSON.stringify({
      summary: 'The deploy of PR #42 broke pricing in orders [E1].',
      rootCause: { service: 'orders', cause: 'PR #42 replaced price with lookupPrice(sku), which returns null [E1]', confidence: 'high', evidenceIds: ['E1'] },
      ruledOut: [],
      timeline: [],
      nextSteps: ['Roll back 9f8e7d6'],
      notChecked: [],
    });
    llm.reply(
      { content: 'SAFE' },
      { content: 'Reading the suspect deploy.', toolCalls: [{ name: 'commit_diff', args: { sha: '9f8e7d6' } }] },
      { content: answer },
    );
    const { turnId } = await owner.client.chat.send.mutate({ workspaceId, message: 'Why are checkouts failing?' });
    const items = await streamTurn(owner.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
    const events: RcaEvent[] = items.map((item) => item.data.event);
    expect(events.find((e) => e.type === 'tool_end')).toMatchObject({
      tool: 'commit_diff',
      status: 'ok',
      summary: expect.stringMatching(/^E\d+: acme\/orders: diff of 9f8e7d6 \(1 file\(s\)\)$/),
    });
    const [, firstStep, secondStep] = llm.requests;
    const offered = (firstStep!.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
    expect(offered).toEqual(expect.arrayContaining(['read_file', 'search_code', 'list_commits', 'commit_diff', 'list_merged_prs', 'compare_refs']));
    const toolMessage = (secondStep!.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'tool');
    expect(toolMessage?.content).toContain('+    return lookupPrice(sku).multiply(quantity);');
    // The installation token never reaches the model.
    for (const minted of fake.mintedTokens) expect(JSON.stringify(llm.requests.map((r) => r.body))).not.toContain(minted.token);
    const complete = events.at(-1);
    if (complete?.type !== 'complete') throw new Error('expected a complete event');
    expect(complete.report).toMatchObject({ analyst: 'llm', rootCause: { service: 'orders' } });
  });
});
