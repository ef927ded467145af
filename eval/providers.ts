import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { scenarioIds, type ScenarioId } from '@vibemonitor/simulator';
import {
  startSimulatedCloudWatch,
  startSimulatedDatadog,
  startSimulatedNewrelic,
} from '@vibemonitor/agent/testing';
import type { VibeMonitorClient } from '@vibemonitor/sdk';
import type { EvalCase } from './eval-case.js';

/*
 * `pnpm eval --provider cloudwatch|datadog|newrelic`: the simulator's
 * scenarios as that provider would hold them, served by its protocol fake,
 * and the case's workspace connected to it through `integration.connect`
 * like a user would (the real client library, the server's provider URL
 * setting pointing at the fake). The server reads the provider URL once at
 * boot, while each case starts its own fake: a relay on a fixed port
 * forwards, byte for byte and with the Host header untouched (SigV4 signs
 * it), to the current case's fake.
 */

export const EVAL_PROVIDERS = ['prometheus', 'cloudwatch', 'datadog', 'newrelic'] as const;
export type EvalProvider = (typeof EVAL_PROVIDERS)[number];

/** What a case's telemetry gives the run: how to connect a workspace to it, and its timing. */
export interface CaseTelemetry {
  setupMs: number;
  /** When the fault began (unix seconds). */
  faultStart: number;
  connect(client: VibeMonitorClient, workspaceId: string): Promise<void>;
  close(): Promise<void>;
}

/** Catalogue signals this provider's mapping cannot read (decisions 0021, 0022), printed with its results. */
export const UNMAPPED: Record<Exclude<EvalProvider, 'prometheus'>, readonly string[]> = {
  cloudwatch: [
    'container restarts and OOM kills (ECS has no restart counter)',
    'CPU throttling',
    'container-host disk (needs the CloudWatch agent)',
    'RDS FreeStorageSpace / DatabaseConnections / ElastiCache connections (no catalogue family)',
    'ECS RunningTaskCount (availability recipe is kube-state-metrics only)',
    'connection pools',
    'Redis/PostgreSQL up',
    'scaling and one-off tasks as changes',
  ],
  datadog: [
    'latency where APM keeps no trace.<span> distribution (a mean is not read as a percentile)',
    'CPU throttling',
    'Redis/PostgreSQL availability (service checks)',
    'connection pools',
  ],
  newrelic: [
    'latency (percentile(duration) over APM Transaction events is not mapped)',
    'error ratio and throughput (APM Transaction)',
    'OOM-kill reason',
    'CPU throttling',
    'PostgreSQL connections, Redis commands',
    'Redis/PostgreSQL availability',
    'connection pools',
  ],
};

/** Forwards every request to the current target, unchanged. */
interface Relay {
  url: string;
  target: string | null;
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const relay: Relay = { url: '', target: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (!relay.target) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no case is running');
      return;
    }
    const target = new URL(req.url ?? '/', relay.target);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`relay: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  relay.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return relay;
}

/** The server's own AWS identity in the eval (the fake checks every signature with it). */
const SERVER_KEY = { accessKeyId: 'AKIAEVALSERVER000001', secretAccessKey: 'eval-server-secret' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/VibeMonitorReadOnly';

export interface ProviderRun {
  provider: Exclude<EvalProvider, 'prometheus'>;
  /** Server settings that send the provider's calls to the relay. */
  env: Record<string, string>;
  /** The case's telemetry at this provider. */
  telemetry(
    evalCase: EvalCase,
    input: { seed: number; faultMinutesAgo: number },
  ): Promise<CaseTelemetry>;
  close(): Promise<void>;
}

const isScenario = (id: string): id is ScenarioId =>
  (scenarioIds as readonly string[]).includes(id);

/** The fault `faultMinutesAgo` before now, on a whole minute (the providers' one-minute roll-ups). */
const faultStartFor = (faultMinutesAgo: number) =>
  Math.floor(Date.now() / 60_000) * 60 - faultMinutesAgo * 60;

/** A provider other than Prometheus + Loki (which is each case's own telemetry, see run-case.ts). */
export async function startProviderRun(
  provider: Exclude<EvalProvider, 'prometheus'>,
): Promise<ProviderRun> {
  const relay = await startRelay();
  const env: Record<string, string> =
    provider === 'cloudwatch'
      ? {
          AWS_ACCESS_KEY_ID: SERVER_KEY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SERVER_KEY.secretAccessKey,
          CLOUDWATCH_ENDPOINT_URL: relay.url,
        }
      : provider === 'datadog'
        ? { DATADOG_API_URL: relay.url }
        : { NEW_RELIC_API_URL: `${relay.url}/graphql` };

  async function telemetry(
    evalCase: EvalCase,
    input: { seed: number; faultMinutesAgo: number },
  ): Promise<CaseTelemetry> {
    if (evalCase.corpus !== 'simulator' || !isScenario(evalCase.scenario))
      throw new Error(
        `--provider ${provider} runs the simulator corpus only (got ${evalCase.corpus}/${evalCase.scenario})`,
      );
    const started = performance.now();
    const faultStart = faultStartFor(input.faultMinutesAgo);
    const options = { seed: input.seed, faultStart };
    if (provider === 'cloudwatch') {
      const simulated = await startSimulatedCloudWatch(evalCase.scenario, {
        ...options,
        serverKey: SERVER_KEY,
      });
      relay.target = simulated.aws.url;
      return {
        setupMs: performance.now() - started,
        faultStart,
        async connect(client, workspaceId) {
          // The user adds VibeMonitor's external id to the role's trust policy, then connects.
          const { externalId } = await client.integration.awsSetup.query({ workspaceId });
          simulated.aws.roles.push({ arn: ROLE_ARN, externalId });
          await client.integration.connect.mutate({
            workspaceId,
            name: 'AWS CloudWatch',
            provider: 'cloudwatch',
            region: simulated.aws.region,
            roleArn: ROLE_ARN,
          });
        },
        close: async () => {
          relay.target = null;
          await simulated.close();
        },
      };
    }
    if (provider === 'datadog') {
      const simulated = await startSimulatedDatadog(evalCase.scenario, options);
      relay.target = simulated.datadog.url;
      return {
        setupMs: performance.now() - started,
        faultStart,
        async connect(client, workspaceId) {
          await client.integration.connect.mutate({
            workspaceId,
            name: 'Datadog',
            provider: 'datadog',
            region: 'us1',
            apiKey: simulated.apiKey,
            appKey: simulated.appKey,
          });
        },
        close: async () => {
          relay.target = null;
          await simulated.close();
        },
      };
    }
    const simulated = await startSimulatedNewrelic(evalCase.scenario, options);
    relay.target = new URL(simulated.newrelic.url).origin;
    return {
      setupMs: performance.now() - started,
      faultStart,
      async connect(client, workspaceId) {
        await client.integration.connect.mutate({
          workspaceId,
          name: 'New Relic',
          provider: 'newrelic',
          region: 'US',
          accountId: String(simulated.accountId),
          apiKey: simulated.apiKey,
        });
      },
      close: async () => {
        relay.target = null;
        await simulated.close();
      },
    };
  }

  return { provider, env, telemetry, close: () => relay.close() };
}
