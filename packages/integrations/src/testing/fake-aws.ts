import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseSigV4, verifySigV4, type SigV4Scope } from './aws-sigv4.js';
import { startLocalHttpServer, type RecordedRequest } from './local-http-server.js';

/*
 * One local server answering STS, CloudWatch and CloudWatch Logs the way
 * the SDK v3 clients call them (checked against @aws-sdk 3.1178):
 *   STS          awsQuery: form-encoded `Action=AssumeRole`, XML answers and errors;
 *   CloudWatch   awsJson1_0 (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`),
 *                query-compatible errors (`x-amzn-query-error: Code;Sender`), epoch-second times;
 *   Logs         awsJson1_1 (`X-Amz-Target: Logs_20140328.<Op>`), `__type` errors;
 *   ECS          awsJson1_1 (`X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`), for deployments.
 * Every request must carry a SigV4 signature that verifies with the secret
 * of the key it names (the server's own, or temporary keys this fake issued),
 * scoped to the fake's region and the right service; temporary keys also need
 * their session token and expire.
 */

export interface FakeAwsRole {
  arn: string;
  externalId: string;
  /** IAM actions this role's permissions policy does not allow, e.g. `logs:StartQuery`. */
  deny?: string[];
}

export interface FakeAwsLogEvent {
  timestamp: number;
  message: string;
  logStream?: string;
}

export interface FakeAwsLogGroup {
  name: string;
  events: FakeAwsLogEvent[];
}

export interface FakeAwsMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** One sample per minute (or per period you choose), oldest first. */
  points: Array<{ timestamp: number; value: number }>;
}

export interface FakeAwsEcsService {
  cluster: string;
  name: string;
  deployments: Array<{
    taskDefinition: string;
    /** Milliseconds since the epoch. */
    createdAt: number;
    status?: string;
    rolloutState?: string;
  }>;
}

export interface FakeAwsCall {
  service: 'sts' | 'monitoring' | 'logs' | 'ecs';
  action: string;
  region: string;
  accessKeyId: string;
  body: Record<string, unknown>;
}

export interface FakeAws {
  url: string;
  region: string;
  requests: RecordedRequest[];
  /** Every signed, verified call, oldest first. */
  calls: FakeAwsCall[];
  /** Requests refused before reaching an operation (bad signature, wrong region...), with why. */
  refused: string[];
  roles: FakeAwsRole[];
  logGroups: FakeAwsLogGroup[];
  metrics: FakeAwsMetric[];
  ecsServices: FakeAwsEcsService[];
  /** The next calls of an action (e.g. `logs:StartQuery`) fail with this AWS error code. */
  failNext(
    action: string,
    code: 'Throttling' | 'AccessDenied' | 'ExpiredToken',
    times?: number,
  ): void;
  /** Logs Insights queries stay Running for this many polls (Infinity: never finish). */
  insightsPollsBeforeComplete: number;
  /** Query ids StopQuery was called for. */
  stoppedQueries: string[];
  /** Ends every temporary credential issued so far (the next call with one gets ExpiredToken). */
  expireIssuedCredentials(): void;
  close(): Promise<void>;
}

export interface FakeAwsOptions {
  region?: string;
  /** The VibeMonitor server's own keys, allowed to call sts:AssumeRole. */
  serverKey: { accessKeyId: string; secretAccessKey: string };
  /** The server's IAM identity, as AWS would name it in errors. */
  serverArn?: string;
  roles?: FakeAwsRole[];
  logGroups?: FakeAwsLogGroup[];
  metrics?: FakeAwsMetric[];
  ecsServices?: FakeAwsEcsService[];
  /** Issued temporary credentials last this long. */
  sessionSeconds?: number;
  /** Page size of ListMetrics (AWS: 500) and DescribeLogGroups. */
  pageSize?: number;
}

interface IssuedKey {
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  role: FakeAwsRole;
}

class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ACTION_PREFIX = { sts: 'sts', monitoring: 'cloudwatch', logs: 'logs', ecs: 'ecs' } as const;

/** CloudWatch Logs and ECS speak awsJson1_1 and name errors `...Exception`. */
const jsonOneOne = (service: FakeAwsCall['service']) => service === 'logs' || service === 'ecs';

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const region = options.region ?? 'eu-west-1';
  const pageSize = options.pageSize ?? 500;
  const serverArn = options.serverArn ?? 'arn:aws:iam::999999999999:user/vibemonitor';
  const issued = new Map<string, IssuedKey>();
  const failures = new Map<string, { code: string; times: number }>();
  const queries = new Map<
    string,
    {
      rows: Array<Array<{ field: string; value: string }>>;
      polls: number;
      stats: { recordsMatched: number; recordsScanned: number };
    }
  >();
  const calls: FakeAwsCall[] = [];
  const refused: string[] = [];

  const fake: FakeAws = {
    url: '',
    region,
    requests: [],
    calls,
    refused,
    roles: options.roles ?? [],
    logGroups: options.logGroups ?? [],
    metrics: options.metrics ?? [],
    ecsServices: options.ecsServices ?? [],
    failNext(action, code, times = 1) {
      failures.set(action, { code, times });
    },
    insightsPollsBeforeComplete: 1,
    stoppedQueries: [],
    expireIssuedCredentials() {
      for (const key of issued.values()) key.expiresAt = 0;
    },
    close: async () => undefined,
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const service: FakeAwsCall['service'] = target.startsWith('GraniteServiceVersion20100801.')
      ? 'monitoring'
      : target.startsWith('AmazonEC2ContainerServiceV20141113.')
        ? 'ecs'
        : target.startsWith('Logs_20140328.')
          ? 'logs'
          : 'sts';
    try {
      const scope = authenticate(req, url, body, service);
      let parsed: Record<string, unknown>;
      let operation: string;
      if (service === 'sts') {
        const form = new URLSearchParams(body.toString('utf8'));
        operation = form.get('Action') ?? '';
        parsed = Object.fromEntries(form.entries());
      } else {
        operation = target.slice(target.indexOf('.') + 1);
        parsed =
          body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      }
      const action = `${ACTION_PREFIX[service]}:${operation}`;
      calls.push({
        service,
        action,
        region: scope.region,
        accessKeyId: scope.accessKeyId,
        body: parsed,
      });
      const injected = failures.get(action);
      if (injected && injected.times > 0) {
        injected.times -= 1;
        throw injectedFault(injected.code, action, service);
      }
      const caller = issued.get(scope.accessKeyId);
      if (service !== 'sts') {
        if (!caller)
          throw new AwsFault(
            403,
            'AccessDenied',
            `User: ${serverArn} is not authorized to perform: ${action}`,
          );
        if (caller.role.deny?.includes(action)) {
          throw new AwsFault(
            403,
            jsonOneOne(service) ? 'AccessDeniedException' : 'AccessDenied',
            `User: ${assumedArn(caller.role)} is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
          );
        }
      }
      if (service === 'sts') return sendXml(res, 200, assumeRole(scope, parsed));
      const answer =
        service === 'logs'
          ? logsOperation(operation, parsed)
          : service === 'ecs'
            ? ecsOperation(operation, parsed)
            : metricsOperation(operation, parsed);
      return sendAwsJson(res, service, answer);
    } catch (error) {
      if (!(error instanceof AwsFault)) throw error;
      return sendFault(res, service, error);
    }
  }

  function authenticate(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    service: FakeAwsCall['service'],
  ): SigV4Scope {
    const refuse = (status: number, code: string, message: string): never => {
      refused.push(message);
      throw new AwsFault(status, code, message);
    };
    const scope = parseSigV4(req.headers.authorization);
    if (!scope)
      return refuse(
        403,
        'MissingAuthenticationToken',
        'Request is missing a valid AWS4-HMAC-SHA256 Authorization header.',
      );
    if (scope.region !== region)
      return refuse(
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region, not '${scope.region}'.`,
      );
    if (scope.service !== service)
      return refuse(
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${service}'.`,
      );
    const temporary = issued.get(scope.accessKeyId);
    const secret =
      scope.accessKeyId === options.serverKey.accessKeyId
        ? options.serverKey.secretAccessKey
        : temporary?.secretAccessKey;
    if (!secret)
      return refuse(
        403,
        jsonOneOne(service) ? 'UnrecognizedClientException' : 'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    const verified = verifySigV4({
      method: req.method ?? 'POST',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      scope,
      secretAccessKey: secret,
    });
    if (!verified.ok)
      return refuse(
        403,
        jsonOneOne(service) ? 'InvalidSignatureException' : 'SignatureDoesNotMatch',
        `Signature check failed: ${verified.reason}.`,
      );
    if (temporary) {
      if (
        req.headers['x-amz-security-token'] !== temporary.sessionToken ||
        !scope.signedHeaders.includes('x-amz-security-token')
      )
        return refuse(
          403,
          jsonOneOne(service) ? 'UnrecognizedClientException' : 'InvalidClientTokenId',
          'The security token included in the request is invalid.',
        );
      if (temporary.expiresAt <= Date.now())
        return refuse(
          400,
          jsonOneOne(service) ? 'ExpiredTokenException' : 'ExpiredToken',
          'The security token included in the request is expired',
        );
    }
    return scope;
  }

  function assumedArn(role: FakeAwsRole): string {
    const [, , , , account, resource] = role.arn.split(':');
    return `arn:aws:sts::${account}:assumed-role/${(resource ?? '').replace(/^role\//, '')}/vibemonitor`;
  }

  function assumeRole(scope: SigV4Scope, form: Record<string, unknown>): string {
    if (form['Action'] !== 'AssumeRole')
      throw new AwsFault(
        400,
        'InvalidAction',
        `Could not find operation ${String(form['Action'])}`,
      );
    const role = fake.roles.find((r) => r.arn === form['RoleArn']);
    if (
      scope.accessKeyId !== options.serverKey.accessKeyId ||
      !role ||
      role.externalId !== form['ExternalId']
    ) {
      throw new AwsFault(
        403,
        'AccessDenied',
        `User: ${serverArn} is not authorized to perform: sts:AssumeRole on resource: ${String(form['RoleArn'])}`,
      );
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const key: IssuedKey = {
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      expiresAt:
        Date.now() + (options.sessionSeconds ?? Number(form['DurationSeconds'] ?? 3600)) * 1000,
      role,
    };
    issued.set(accessKeyId, key);
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${key.secretAccessKey}</SecretAccessKey><SessionToken>${key.sessionToken}</SessionToken><Expiration>${new Date(key.expiresAt).toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>${assumedArn(role)}</Arn><AssumedRoleId>AROA${randomBytes(6).toString('hex').toUpperCase()}:vibemonitor</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  }

  function logsOperation(operation: string, input: Record<string, unknown>): unknown {
    if (operation === 'DescribeLogGroups') {
      const prefix =
        typeof input['logGroupNamePrefix'] === 'string' ? input['logGroupNamePrefix'] : '';
      const all = fake.logGroups.filter((g) => g.name.startsWith(prefix));
      const start = Number(input['nextToken'] ?? 0);
      const limit = Math.min(50, Number(input['limit'] ?? 50));
      const page = all.slice(start, start + limit);
      return {
        logGroups: page.map((g) => ({
          logGroupName: g.name,
          arn: `arn:aws:logs:${region}:123456789012:log-group:${g.name}:*`,
          storedBytes: g.events.length * 100,
        })),
        ...(start + limit < all.length ? { nextToken: String(start + limit) } : {}),
      };
    }
    if (operation === 'StartQuery') {
      const names = (input['logGroupNames'] as string[] | undefined) ?? [];
      const groups = names.map((name) => {
        const group = fake.logGroups.find((g) => g.name === name);
        if (!group)
          throw new AwsFault(
            400,
            'ResourceNotFoundException',
            `Log group '${name}' does not exist for account ID '123456789012'`,
          );
        return group;
      });
      const startMs = Number(input['startTime']) * 1000;
      const endMs = Number(input['endTime']) * 1000;
      const queryId = randomUUID();
      const evaluated = runInsights(
        String(input['queryString'] ?? ''),
        groups,
        startMs,
        endMs,
        Number(input['limit'] ?? 1000),
      );
      queries.set(queryId, { ...evaluated, polls: 0 });
      return { queryId };
    }
    if (operation === 'GetQueryResults') {
      const query = queries.get(String(input['queryId']));
      if (!query) throw new AwsFault(400, 'ResourceNotFoundException', 'Query does not exist.');
      query.polls += 1;
      if (fake.stoppedQueries.includes(String(input['queryId'])))
        return { status: 'Cancelled', results: [] };
      if (query.polls <= fake.insightsPollsBeforeComplete)
        return { status: 'Running', results: [] };
      return {
        status: 'Complete',
        results: query.rows,
        statistics: { ...query.stats, bytesScanned: query.stats.recordsScanned * 100 },
      };
    }
    if (operation === 'StopQuery') {
      fake.stoppedQueries.push(String(input['queryId']));
      return { success: true };
    }
    if (operation === 'FilterLogEvents') {
      const group = fake.logGroups.find((g) => g.name === input['logGroupName']);
      if (!group)
        throw new AwsFault(
          400,
          'ResourceNotFoundException',
          'The specified log group does not exist.',
        );
      const startMs = Number(input['startTime'] ?? 0);
      const endMs = Number(input['endTime'] ?? Number.MAX_SAFE_INTEGER);
      const terms = filterTerms(String(input['filterPattern'] ?? ''));
      const matched = group.events
        .filter(
          (e) =>
            e.timestamp >= startMs &&
            e.timestamp <= endMs &&
            terms.every((t) => e.message.includes(t)),
        )
        .sort((a, b) => a.timestamp - b.timestamp);
      const offset = Number(input['nextToken'] ?? 0);
      const limit = Math.min(10_000, Number(input['limit'] ?? 10_000));
      const page = matched.slice(offset, offset + limit);
      return {
        events: page.map((e, i) => ({
          timestamp: e.timestamp,
          message: e.message,
          logStreamName: e.logStream ?? 'stream',
          ingestionTime: e.timestamp,
          eventId: String(offset + i),
        })),
        ...(offset + limit < matched.length ? { nextToken: String(offset + limit) } : {}),
      };
    }
    throw new AwsFault(
      400,
      'UnknownOperationException',
      `The fake does not implement ${operation}.`,
    );
  }

  function ecsOperation(operation: string, input: Record<string, unknown>): unknown {
    const account = '123456789012';
    const clusterArn = (name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;
    const clusterName = (ref: unknown) =>
      String(ref ?? 'default')
        .split('/')
        .at(-1) ?? '';
    if (operation === 'ListClusters')
      return { clusterArns: [...new Set(fake.ecsServices.map((s) => s.cluster))].map(clusterArn) };
    if (operation === 'ListServices') {
      const cluster = clusterName(input['cluster']);
      return {
        serviceArns: fake.ecsServices
          .filter((s) => s.cluster === cluster)
          .map((s) => `arn:aws:ecs:${region}:${account}:service/${cluster}/${s.name}`),
      };
    }
    if (operation === 'DescribeServices') {
      const cluster = clusterName(input['cluster']);
      const wanted = ((input['services'] as string[] | undefined) ?? []).map((ref) =>
        ref.split('/').at(-1),
      );
      if (wanted.length > 10)
        throw new AwsFault(400, 'InvalidParameterException', 'At most 10 services.');
      return {
        services: fake.ecsServices
          .filter((s) => s.cluster === cluster && wanted.includes(s.name))
          .map((s) => ({
            serviceName: s.name,
            clusterArn: clusterArn(cluster),
            deployments: s.deployments.map((d, i) => ({
              id: `ecs-svc/${i}`,
              status: d.status ?? (i === s.deployments.length - 1 ? 'PRIMARY' : 'ACTIVE'),
              taskDefinition: `arn:aws:ecs:${region}:${account}:task-definition/${d.taskDefinition}`,
              createdAt: d.createdAt / 1000,
              updatedAt: d.createdAt / 1000,
              ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
            })),
            events: [],
          })),
        failures: [],
      };
    }
    throw new AwsFault(400, 'InvalidAction', `The fake does not implement ${operation}.`);
  }

  function metricsOperation(operation: string, input: Record<string, unknown>): unknown {
    if (operation === 'ListMetrics') {
      const wantedDims =
        (input['Dimensions'] as Array<{ Name: string; Value?: string }> | undefined) ?? [];
      const all = fake.metrics.filter(
        (m) =>
          (input['Namespace'] === undefined || m.namespace === input['Namespace']) &&
          (input['MetricName'] === undefined || m.metricName === input['MetricName']) &&
          wantedDims.every(
            (d) =>
              d.Name in m.dimensions && (d.Value === undefined || m.dimensions[d.Name] === d.Value),
          ),
      );
      const start = Number(input['NextToken'] ?? 0);
      const page = all.slice(start, start + pageSize);
      return {
        Metrics: page.map((m) => ({
          Namespace: m.namespace,
          MetricName: m.metricName,
          Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
        })),
        ...(start + pageSize < all.length ? { NextToken: String(start + pageSize) } : {}),
      };
    }
    if (operation === 'GetMetricData') return getMetricData(input);
    throw new AwsFault(400, 'InvalidAction', `The fake does not implement ${operation}.`);
  }

  function getMetricData(input: Record<string, unknown>): unknown {
    const startMs = Number(input['StartTime']) * 1000;
    const endMs = Number(input['EndTime']) * 1000;
    const queriesIn =
      (input['MetricDataQueries'] as Array<Record<string, unknown>> | undefined) ?? [];
    if (queriesIn.length === 0 || queriesIn.length > 500)
      throw new AwsFault(
        400,
        'InvalidParameterValue',
        'MetricDataQueries must hold 1 to 500 queries.',
      );
    const series = new Map<string, Map<number, number>>();
    const results: Array<Record<string, unknown>> = [];
    for (const q of queriesIn) {
      const id = String(q['Id']);
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(id))
        throw new AwsFault(400, 'ValidationError', `Invalid metric data query id '${id}'.`);
      let values: Map<number, number>;
      if (q['MetricStat']) {
        const stat = q['MetricStat'] as {
          Metric: {
            Namespace: string;
            MetricName: string;
            Dimensions?: Array<{ Name: string; Value: string }>;
          };
          Period: number;
          Stat: string;
        };
        values = statSeries(stat, startMs, endMs);
      } else if (typeof q['Expression'] === 'string') {
        values = evaluateExpression(q['Expression'], series);
      } else {
        throw new AwsFault(
          400,
          'ValidationError',
          `Query ${id} has neither MetricStat nor Expression.`,
        );
      }
      series.set(id, values);
      if (q['ReturnData'] === false) continue;
      const times = [...values.keys()].sort((a, b) => a - b);
      results.push({
        Id: id,
        Label: q['Label'] ?? id,
        Timestamps: times.map((t) => t / 1000),
        Values: times.map((t) => values.get(t)!),
        StatusCode: 'Complete',
      });
    }
    return { MetricDataResults: results, Messages: [] };
  }

  function statSeries(
    stat: {
      Metric: {
        Namespace: string;
        MetricName: string;
        Dimensions?: Array<{ Name: string; Value: string }>;
      };
      Period: number;
      Stat: string;
    },
    startMs: number,
    endMs: number,
  ): Map<number, number> {
    const dims = stat.Metric.Dimensions ?? [];
    // CloudWatch matches a metric by its exact dimension set.
    const metric = fake.metrics.find(
      (m) =>
        m.namespace === stat.Metric.Namespace &&
        m.metricName === stat.Metric.MetricName &&
        Object.keys(m.dimensions).length === dims.length &&
        dims.every((d) => m.dimensions[d.Name] === d.Value),
    );
    const out = new Map<number, number>();
    if (!metric) return out;
    const periodMs = stat.Period * 1000;
    const buckets = new Map<number, number[]>();
    for (const p of metric.points) {
      if (p.timestamp < startMs || p.timestamp >= endMs) continue;
      const bucket = Math.floor(p.timestamp / periodMs) * periodMs;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), p.value]);
    }
    for (const [bucket, values] of buckets) out.set(bucket, aggregate(stat.Stat, values));
    return out;
  }

  const server = await startLocalHttpServer(handle);
  fake.url = server.url;
  fake.requests = server.requests;
  fake.close = server.close;
  return fake;
}

function aggregate(stat: string, values: number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  if (stat === 'Sum') return sum;
  if (stat === 'Average') return sum / values.length;
  if (stat === 'Maximum') return Math.max(...values);
  if (stat === 'Minimum') return Math.min(...values);
  if (stat === 'SampleCount') return values.length;
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (percentile) {
    // The fake keeps one sample per minute: the percentile of a bucket is taken over those samples.
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.ceil((Number(percentile[1]) / 100) * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
  }
  throw new AwsFault(400, 'InvalidParameterValue', `The statistic '${stat}' is not supported.`);
}

/** Metric math subset: ids, numbers, + - * /, parentheses and MAX/MIN/SUM/AVG([...]), point by point on shared timestamps. */
function evaluateExpression(
  expression: string,
  series: Map<string, Map<number, number>>,
): Map<number, number> {
  const tokens =
    expression
      .match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()[\],])/g)
      ?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expression.replace(/\s+/g, ''))
    throw new AwsFault(400, 'ValidationError', `Unsupported metric math: ${expression}`);
  let pos = 0;
  type Value = number | Map<number, number>;
  const combine = (a: Value, b: Value, op: string): Value => {
    const f = (x: number, y: number) =>
      op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
    if (typeof a === 'number' && typeof b === 'number') return f(a, b);
    const out = new Map<number, number>();
    const keys = typeof a === 'number' ? (b as Map<number, number>).keys() : a.keys();
    for (const t of keys) {
      const x = typeof a === 'number' ? a : a.get(t);
      const y = typeof b === 'number' ? b : b.get(t);
      if (x === undefined || y === undefined) continue;
      const v = f(x, y);
      // CloudWatch drops points where the math is undefined (division by zero).
      if (Number.isFinite(v)) out.set(t, v);
    }
    return out;
  };
  const primary = (): Value => {
    const token = tokens[pos++];
    if (token === '(') {
      const v = sum();
      if (tokens[pos++] !== ')')
        throw new AwsFault(400, 'ValidationError', `Unbalanced parentheses in ${expression}`);
      return v;
    }
    if (token !== undefined && /^\d/.test(token)) return Number(token);
    if (
      token !== undefined &&
      ['MAX', 'MIN', 'SUM', 'AVG'].includes(token) &&
      tokens[pos] === '('
    ) {
      // Array functions: MAX([m1, m2]) is the pointwise maximum of the series.
      if (tokens[pos + 1] !== '[')
        throw new AwsFault(400, 'ValidationError', `${token} takes an array in ${expression}`);
      pos += 2;
      const items: Value[] = [sum()];
      while (tokens[pos] === ',') {
        pos += 1;
        items.push(sum());
      }
      if (tokens[pos++] !== ']' || tokens[pos++] !== ')')
        throw new AwsFault(400, 'ValidationError', `Malformed ${token}([...]) in ${expression}`);
      const maps = items.filter((v): v is Map<number, number> => typeof v !== 'number');
      const out = new Map<number, number>();
      for (const t of new Set(maps.flatMap((m) => [...m.keys()]))) {
        const values = maps.map((m) => m.get(t)).filter((v): v is number => v !== undefined);
        const total = values.reduce((a, b) => a + b, 0);
        out.set(
          t,
          token === 'MAX'
            ? Math.max(...values)
            : token === 'MIN'
              ? Math.min(...values)
              : token === 'SUM'
                ? total
                : total / values.length,
        );
      }
      return out;
    }
    if (token !== undefined && series.has(token)) return series.get(token)!;
    throw new AwsFault(
      400,
      'ValidationError',
      `Unknown id or function '${token ?? ''}' in metric math: ${expression}`,
    );
  };
  const product = (): Value => {
    let v = primary();
    while (tokens[pos] === '*' || tokens[pos] === '/') {
      const op = tokens[pos++]!;
      v = combine(v, primary(), op);
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    while (tokens[pos] === '+' || tokens[pos] === '-') {
      const op = tokens[pos++]!;
      v = combine(v, product(), op);
    }
    return v;
  };
  const result = sum();
  if (pos !== tokens.length)
    throw new AwsFault(400, 'ValidationError', `Unsupported metric math: ${expression}`);
  if (typeof result === 'number')
    throw new AwsFault(
      400,
      'ValidationError',
      'A metric math expression must return a time series.',
    );
  return result;
}

/** FilterLogEvents terms: quoted phrases and bare words, all of which must appear. */
function filterTerms(pattern: string): string[] {
  return [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}

/**
 * Logs Insights subset: `fields`, `filter @message like /re/` or `like "text"`,
 * `sort @timestamp asc|desc`, `limit N`, and `stats count(*) by bin(Nm)`.
 */
function runInsights(
  query: string,
  groups: FakeAwsLogGroup[],
  startMs: number,
  endMs: number,
  limit: number,
): {
  rows: Array<Array<{ field: string; value: string }>>;
  stats: { recordsMatched: number; recordsScanned: number };
} {
  let events = groups
    .flatMap((g) => g.events.map((e) => ({ ...e, group: g.name })))
    .filter((e) => e.timestamp >= startMs && e.timestamp <= endMs);
  const scanned = events.length;
  let descending = true;
  let binMs: number | null = null;
  for (const raw of splitCommands(query)) {
    const filter =
      /^filter\s+@message\s+(not\s+)?like\s+(?:\/(.*)\/(i?)|"((?:[^"\\]|\\.)*)")$/.exec(raw);
    if (filter) {
      const negate = Boolean(filter[1]);
      const test = filter[2] !== undefined ? insightsRegex(filter[2], filter[3] ?? '') : null;
      const text = filter[4]?.replace(/\\(.)/g, '$1');
      events = events.filter(
        (e) => negate !== (test ? test.test(e.message) : e.message.includes(text ?? '')),
      );
      continue;
    }
    const sort = /^sort\s+@timestamp\s+(asc|desc)$/.exec(raw);
    if (sort) {
      descending = sort[1] === 'desc';
      continue;
    }
    const lim = /^limit\s+(\d+)$/.exec(raw);
    if (lim) {
      limit = Math.min(limit, Number(lim[1]));
      continue;
    }
    const stats = /^stats\s+count\(\*\)\s+as\s+(\w+)\s+by\s+bin\((\d+)([smh])\)$/.exec(raw);
    if (stats) {
      binMs = Number(stats[2]) * { s: 1000, m: 60_000, h: 3_600_000 }[stats[3] as 's' | 'm' | 'h'];
      continue;
    }
    if (/^fields\s/.test(raw)) continue;
    throw new AwsFault(
      400,
      'MalformedQueryException',
      `The fake cannot parse the query command: ${raw}`,
    );
  }
  const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  if (binMs !== null) {
    const counts = new Map<number, number>();
    for (const e of events) {
      const bin = Math.floor(e.timestamp / binMs) * binMs;
      counts.set(bin, (counts.get(bin) ?? 0) + 1);
    }
    const rows = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([bin, count]) => [
        { field: 'bin(' + binMs / 60_000 + 'm)', value: stamp(bin) },
        { field: 'count', value: String(count) },
      ]);
    return { rows, stats: { recordsMatched: events.length, recordsScanned: scanned } };
  }
  events.sort((a, b) => (descending ? b.timestamp - a.timestamp : a.timestamp - b.timestamp));
  const rows = events.slice(0, limit).map((e) => [
    { field: '@timestamp', value: stamp(e.timestamp) },
    { field: '@message', value: e.message },
    { field: '@logStream', value: e.logStream ?? 'stream' },
    { field: '@log', value: `123456789012:${e.group}` },
  ]);
  return { rows, stats: { recordsMatched: events.length, recordsScanned: scanned } };
}

/** An Insights regex literal as a JS RegExp: Insights takes a leading `(?i)` for case-insensitive. */
function insightsRegex(pattern: string, flags: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? `${flags}i` : flags);
  } catch (error) {
    throw new AwsFault(
      400,
      'MalformedQueryException',
      `Invalid regex /${pattern}/: ${String(error)}`,
    );
  }
}

/** Splits an Insights query on the pipes that are not inside a "string" or a /regex/. */
function splitCommands(query: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quote: '"' | '/' | null = null;
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i]!;
    if (quote && c === '\\') {
      current += c + (query[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (quote && c === quote) quote = null;
    else if (!quote && (c === '"' || (c === '/' && /like\s*$/.test(current)))) quote = c;
    if (!quote && c === '|') {
      commands.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  commands.push(current.trim());
  return commands.filter(Boolean);
}

function injectedFault(code: string, action: string, service: FakeAwsCall['service']): AwsFault {
  if (code === 'Throttling')
    return new AwsFault(
      400,
      service === 'monitoring' || service === 'sts' ? 'Throttling' : 'ThrottlingException',
      'Rate exceeded',
    );
  if (code === 'ExpiredToken')
    return new AwsFault(
      400,
      jsonOneOne(service) ? 'ExpiredTokenException' : 'ExpiredToken',
      'The security token included in the request is expired',
    );
  return new AwsFault(
    403,
    jsonOneOne(service) ? 'AccessDeniedException' : 'AccessDenied',
    `User: arn:aws:sts::123456789012:assumed-role/test/vibemonitor is not authorized to perform: ${action}`,
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(xml);
}

function sendAwsJson(
  res: ServerResponse,
  service: 'monitoring' | 'logs' | 'ecs',
  body: unknown,
): void {
  res.writeHead(200, {
    'content-type': jsonOneOne(service)
      ? 'application/x-amz-json-1.1'
      : 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify(body));
}

function sendFault(res: ServerResponse, service: FakeAwsCall['service'], fault: AwsFault): void {
  const requestId = randomUUID();
  if (service === 'sts') {
    return sendXml(
      res,
      fault.status,
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${escapeXml(fault.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  }
  const headers: Record<string, string> = {
    'content-type': jsonOneOne(service)
      ? 'application/x-amz-json-1.1'
      : 'application/x-amz-json-1.0',
    'x-amzn-requestid': requestId,
  };
  if (service === 'monitoring') headers['x-amzn-query-error'] = `${fault.code};Sender`;
  res.writeHead(fault.status, headers);
  res.end(
    JSON.stringify({
      __type: jsonOneOne(service) ? fault.code : `com.amazonaws.cloudwatch#${fault.code}`,
      message: fault.message,
    }),
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
