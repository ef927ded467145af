import type { VibeMonitorClient } from '@vibemonitor/sdk';
import type { FakeGithub } from '@vibemonitor/integrations/testing';
import { callSetup, deliver, processed, stateOf } from '../apps/standalone/test/github-helpers.js';
import type { TestStack } from '../apps/standalone/test/harness.js';
import type { EvalGithubDeploy } from './eval-case.js';

let nextInstallationId = 90_001;

/**
 * What a team with the GitHub App sees of a deploy: the app installed on the
 * workspace (install link, GitHub's redirect back with the state), then the
 * merged pull request, the deployment and its success delivered as signed
 * webhooks and processed on the queue. Each call installs a fresh
 * installation, since one installation belongs to one workspace.
 */
export async function deliverGithubDeploy(input: {
  stack: TestStack;
  fake: FakeGithub;
  user: { email: string; token: string; client: VibeMonitorClient };
  workspaceId: string;
  deploy: EvalGithubDeploy;
  faultStart: number;
}): Promise<void> {
  const { stack, fake, user, deploy } = input;
  const [owner, name] = deploy.repository.split('/') as [string, string];
  const finishedAt = new Date((input.faultStart - deploy.secondsBeforeFault) * 1000);
  const createdAt = new Date(finishedAt.getTime() - 60_000);
  const mergedAt = new Date(finishedAt.getTime() - 6 * 60_000);
  const installationId = nextInstallationId++;
  fake.addInstallation({
    id: installationId,
    accountLogin: owner,
    accountType: 'Organization',
    repositories: [
      {
        fullName: deploy.repository,
        defaultBranch: 'main',
        commits: [
          {
            sha: deploy.sha,
            message: `${deploy.pullRequest.title} (#${deploy.pullRequest.number})`,
            authorLogin: deploy.author,
            date: mergedAt.toISOString(),
          },
        ],
      },
    ],
  });

  const { url } = await user.client.github.installUrl.mutate({ workspaceId: input.workspaceId });
  await callSetup(
    stack,
    {
      installation_id: String(installationId),
      setup_action: 'install',
      state: stateOf(url),
      code: fake.authorizeUser(user.email, [installationId]),
    },
    user.token,
  );

  const installation = { id: installationId };
  const repository = { full_name: deploy.repository, name, default_branch: 'main' };
  const deployment = {
    id: installationId,
    sha: deploy.sha,
    ref: 'main',
    environment: deploy.environment,
    creator: { login: deploy.author },
    created_at: createdAt.toISOString(),
  };
  const deliveries = [
    await deliver(stack, fake, 'pull_request', {
      action: 'closed',
      installation,
      repository,
      number: deploy.pullRequest.number,
      pull_request: {
        number: deploy.pullRequest.number,
        title: deploy.pullRequest.title,
        merged: true,
        merged_at: mergedAt.toISOString(),
        merge_commit_sha: deploy.sha,
        user: { login: deploy.author },
        base: { ref: 'main' },
      },
    }),
    await deliver(stack, fake, 'deployment', {
      action: 'created',
      installation,
      repository,
      deployment,
    }),
    await deliver(stack, fake, 'deployment_status', {
      action: 'created',
      installation,
      repository,
      deployment,
      deployment_status: {
        state: 'success',
        environment: deploy.environment,
        created_at: finishedAt.toISOString(),
      },
    }),
  ];
  for (const delivery of deliveries) {
    if (delivery.status !== 202 && delivery.status !== 200)
      throw new Error(
        `GitHub delivery refused with ${delivery.status}: ${JSON.stringify(delivery.body)}`,
      );
    const outcome = await processed(stack, delivery.id);
    if (!outcome.startsWith('stored'))
      throw new Error(`GitHub delivery ${delivery.id}: ${outcome}`);
  }
}
