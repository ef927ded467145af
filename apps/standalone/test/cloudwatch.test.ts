import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RcaEvent } from '@vibemonitor/contracts';
import { awsCredentials } from '@vibemonitor/db';
import { clearRoleCache } from '@vibemonitor/integrations';
import { cloudWatchIncident, startFakeAws, type FakeAws } from '@vibemonitor/integrations/testing';
import { streamTurn } from './chat-helpers.js';
import { startTestStack, type TestStack } from './harness.js';
import { createSignedInUser, createTeam, failure, type TestUser } from './users.js';

/*
 * AWS CloudWatch through the SDK, on whichever drivers this run uses: the
 * workspace's external id and policies, connect (AssumeRole from the
 * server's own keys, checked by the SigV4-verifying fake), health that names
 * a missing permission, update and disconnect; then a CloudWatch-only
 * workspace asks a question and the real engine answers from CloudWatch.
 */

const serverKey = { accessKeyId: 'AKIASERVERKEY0001', secretAccessKey: 'server-secret-key' };
const ROLE = 'arn:aws:iam::123456789012:role/VibeMonitorReadOnly';
const PRINCIPAL = 'arn:aws:iam::999999999999:role/vibemonitor';

let aws: FakeAws;
let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let team: string;
let personal: { workspaceId: string; integrationId: string };

beforeAll(async () => {
  clearRoleCache();
  aws = await startFakeAws({ serverKey, ...cloudWatchIncident(new Date()) });
  aws.insightsPollsBeforeComplete = 0;
  stack = await startTestStack({
    env: {
      AWS_ACCESS_KEY_ID: serverKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: serverKey.secretAccessKey,
      AWS_PRINCIPAL_ARN: PRINCIPAL,
      CLOUDWATCH_ENDPOINT_URL: aws.url,
    },
  });
  owner = await createSignedInUser(stack, { name: 'Owner' });
  member = await createSignedInUser(stack, { name: 'Member' });
  team = await createTeam(stack, owner, [{ user: member }]);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await aws?.close();
});

describe('CloudWatch connection', () => {
  it('gives owners a stable external id per workspace, with the trust and permissions policies', async () => {
    const setup = await owner.client.integration.awsSetup.query({ workspaceId: team });
    const again = await owner.client.integration.awsSetup.query({ workspaceId: team });
    const other = await owner.client.integration.awsSetup.query({
      workspaceId: owner.personalWorkspaceId,
    });
    expect(setup.externalId).toMatch(/^vibemonitor-[0-9a-f]{32}$/);
    expect(again.externalId).toBe(setup.externalId);
    expect(other.externalId).not.toBe(setup.externalId);
    expect(JSON.parse(setup.trustPolicy)).toMatchObject({
      Statement: [
        {
          Principal: { AWS: PRINCIPAL },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': setup.externalId } },
        },
      ],
    });
    expect(setup.actions).toContain('logs:StartQuery');
    expect(
      (await failure(member.client.integration.awsSetup.query({ workspaceId: team }))).code,
    ).toBe('FORBIDDEN');
  });

  it('tests, connects, health-checks, updates and disconnects', async () => {
    const { externalId } = await owner.client.integration.awsSetup.query({ workspaceId: team });
    // The role does not trust VibeMonitor yet: the check says so and names the external id.
    const untrusted = await owner.client.integration.test.mutate({
      workspaceId: team,
      provider: 'cloudwatch',
      region: 'eu-west-1',
      roleArn: ROLE,
    });
    expect(untrusted.check.status).toBe('failing');
    expect(untrusted.check.message).toContain(externalId);

    aws.roles.push({ arn: ROLE, externalId });
    const bad = await failure(
      owner.client.integration.connect.mutate({
        workspaceId: team,
        provider: 'cloudwatch',
        region: 'mars-1',
        roleArn: ROLE,
      }),
    );
    expect(bad.message).toMatch(/not an AWS region/);

    const { integration, check } = await owner.client.integration.connect.mutate({
      workspaceId: team,
      provider: 'cloudwatch',
      region: 'eu-west-1',
      roleArn: ROLE,
    });
    expect(check.status).toBe('healthy');
    expect(integration).toMatchObject({
      provider: 'cloudwatch',
      name: 'AWS CloudWatch (123456789012, eu-west-1)',
      url: null,
      aws: { region: 'eu-west-1', roleArn: ROLE, externalId },
    });
    const assume = aws.calls.filter((c) => c.action === 'sts:AssumeRole').at(-1)!;
    expect(assume.accessKeyId).toBe(serverKey.accessKeyId);
    expect(assume.body).toMatchObject({ RoleArn: ROLE, ExternalId: externalId });
    const [row] = await stack.runtime.database.db
      .select()
      .from(awsCredentials)
      .where(eq(awsCredentials.integrationId, integration.id));
    expect(row).toMatchObject({
      region: 'eu-west-1',
      roleArn: ROLE,
      externalId,
      accessKeyIdEnc: null,
    });

    aws.roles.at(-1)!.deny = ['logs:StartQuery', 'logs:DescribeLogGroups'];
    const degraded = await owner.client.integration.healthCheck.mutate({
      workspaceId: team,
      integrationId: integration.id,
    });
    expect(degraded.check.status).toBe('degraded');
    expect(degraded.check.message).toContain('logs:DescribeLogGroups');
    aws.roles.at(-1)!.deny = [];

    const withUrl = await failure(
      owner.client.integration.update.mutate({
        workspaceId: team,
        integrationId: integration.id,
        url: 'https://example.com',
      }),
    );
    expect(withUrl.message).toMatch(/`region` and `roleArn`/);
    // The fake serves eu-west-1 only: a call signed for another region is refused, and nothing changes.
    const moved = await failure(
      owner.client.integration.update.mutate({
        workspaceId: team,
        integrationId: integration.id,
        region: 'us-east-1',
      }),
    );
    expect(moved.message).toMatch(/Nothing was changed: .*us-east-1/);
    const renamed = await owner.client.integration.update.mutate({
      workspaceId: team,
      integrationId: integration.id,
      name: 'Prod AWS',
    });
    expect(renamed.integration).toMatchObject({ name: 'Prod AWS', aws: { region: 'eu-west-1' } });

    await owner.client.integration.disconnect.mutate({
      workspaceId: team,
      integrationId: integration.id,
    });
    expect(await owner.client.integration.list.query({ workspaceId: team })).toEqual({
      integrations: [],
    });
  });
});

const eventsOf = (items: Awaited<ReturnType<typeof streamTurn>>): RcaEvent[] =>
  items.map((item) => item.data.event);

describe('an investigation of a CloudWatch-only workspace', () => {
  it('answers from CloudWatch metrics and logs with the real engine', async () => {
    const workspaceId = owner.personalWorkspaceId;
    const { externalId } = await owner.client.integration.awsSetup.query({ workspaceId });
    aws.roles.push({ arn: 'arn:aws:iam::123456789012:role/Personal', externalId });
    const { integration } = await owner.client.integration.connect.mutate({
      workspaceId,
      provider: 'cloudwatch',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/Personal',
      name: 'CloudWatch',
    });
    personal = { workspaceId, integrationId: integration.id };
    const before = aws.calls.length;
    const { turnId } = await owner.client.chat.send.mutate({
      workspaceId,
      message: 'Why is checkout failing?',
    });
    const items = await streamTurn(owner.client, { workspaceId, turnId }, { timeoutMs: 60_000 });
    const complete = eventsOf(items).at(-1);
    if (complete?.type !== 'complete')
      throw new Error(`expected complete, got ${JSON.stringify(complete)}`);
    const { report } = complete;
    expect(report.rootCause?.service).toBe('checkout');
    const evidence = JSON.stringify(report.evidence);
    expect(evidence).toMatch(/payment gateway timeout/);
    expect(evidence).toMatch(/checkout: HTTP error ratio/);
    // Deploy evidence from ECS, read with the same role.
    expect(report.rootCause?.cause).toMatch(/right after a deploy.*checkout:42/);
    const during = new Set(aws.calls.slice(before).map((c) => c.action));
    expect(during).toContain('cloudwatch:GetMetricData');
    expect(during).toContain('logs:StartQuery');
    expect(during).toContain('ecs:DescribeServices');
    expect(report.notChecked.filter((line) => /CloudWatch/.test(line))).toEqual([]);
  });
});

describe('logs.cloudwatch and metrics.cloudwatch', () => {
  it('list log groups, run Logs Insights, list metrics and run GetMetricData with math', async () => {
    const groups = await owner.client.logs.cloudwatch.query(personal);
    expect(groups.groups.map((g) => g.name)).toEqual(['/ecs/checkout', '/aws/lambda/resize']);
    const errors = await owner.client.logs.cloudwatch.query({
      ...personal,
      logGroups: ['/ecs/checkout'],
      query:
        'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 3',
    });
    expect(errors.rows).toHaveLength(3);
    expect(errors.rows[0]!['@message']).toMatch(/payment gateway timeout/);

    const listed = await owner.client.metrics.cloudwatch.query({
      ...personal,
      namespace: 'AWS/Lambda',
    });
    expect(listed.metrics.map((m) => m.metricName).sort()).toEqual([
      'Duration',
      'Errors',
      'Invocations',
    ]);
    const alb = [{ name: 'LoadBalancer', value: 'app/checkout/50dc6c495c0c9188' }];
    const ratio = await owner.client.metrics.cloudwatch.query({
      ...personal,
      start: new Date(Date.now() - 10 * 60_000),
      queries: [
        {
          id: 'e',
          metric: {
            namespace: 'AWS/ApplicationELB',
            metricName: 'HTTPCode_Target_5XX_Count',
            dimensions: alb,
          },
          stat: 'Sum',
          periodSeconds: 300,
          returnData: false,
        },
        {
          id: 'r',
          metric: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: alb },
          stat: 'Sum',
          periodSeconds: 300,
          returnData: false,
        },
        { id: 'ratio', expression: 'e / r' },
      ],
    });
    expect(ratio.results).toHaveLength(1);
    expect(ratio.results[0]!.points.at(-1)!.value).toBeGreaterThan(0.3);

    // Another workspace's member cannot read it.
    const denied = await failure(member.client.logs.cloudwatch.query(personal));
    expect(denied.code).toBe('FORBIDDEN');
  });
});
