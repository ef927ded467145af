import type { FakeAwsEcsService, FakeAwsLogGroup, FakeAwsMetric } from './fake-aws.js';

const MINUTE = 60_000;

/**
 * Telemetry of one incident as CloudWatch holds it, for the fake AWS: four
 * hours to `now` at one-minute resolution. The checkout service (ECS behind
 * an ALB) starts failing `onsetMinutesAgo` before `now`: 5xx jump from ~0.3%
 * to ~35%, the ALB's target response time from ~120 ms to ~4.8 s, and a new
 * "payment gateway timeout" error shows in /ecs/checkout. The resize Lambda
 * and the orders-db RDS instance stay healthy. ECS deployed checkout:42 two
 * minutes before the onset (checkout:41 three days earlier).
 */
export function cloudWatchIncident(
  now: Date,
  onsetMinutesAgo = 20,
): { metrics: FakeAwsMetric[]; logGroups: FakeAwsLogGroup[]; ecsServices: FakeAwsEcsService[] } {
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const first = end - 4 * 60 * MINUTE;
  const onset = end - onsetMinutesAgo * MINUTE;
  const failing = (t: number) => t >= onset;
  // A small deterministic wobble, so baselines are not flat lines.
  const wobble = (i: number, amplitude: number) =>
    amplitude * Math.sin(i * 1.7) * Math.cos(i * 0.3);
  const series = (
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    value: (t: number, i: number) => number,
  ): FakeAwsMetric => {
    const points = [];
    for (let t = first, i = 0; t < end; t += MINUTE, i += 1)
      points.push({ timestamp: t, value: value(t, i) });
    return { namespace, metricName, dimensions, points };
  };
  const alb = { LoadBalancer: 'app/checkout/50dc6c495c0c9188' };
  const ecs = { ClusterName: 'prod', ServiceName: 'checkout' };
  const metrics = [
    series('AWS/ApplicationELB', 'RequestCount', alb, (_, i) => 1200 + wobble(i, 60)),
    series('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', alb, (t, i) =>
      failing(t) ? 420 + wobble(i, 20) : 3 + Math.abs(wobble(i, 2)),
    ),
    series('AWS/ApplicationELB', 'TargetResponseTime', alb, (t, i) =>
      failing(t) ? 4.8 + wobble(i, 0.2) : 0.12 + wobble(i, 0.01),
    ),
    series('ECS/ContainerInsights', 'CpuUtilized', ecs, (_, i) => 400 + wobble(i, 20)),
    series('ECS/ContainerInsights', 'MemoryUtilized', ecs, (_, i) => 900 + wobble(i, 10)),
    series('ECS/ContainerInsights', 'MemoryReserved', ecs, () => 2048),
    series('AWS/Lambda', 'Invocations', { FunctionName: 'resize' }, (_, i) => 60 + wobble(i, 5)),
    series('AWS/Lambda', 'Errors', { FunctionName: 'resize' }, (_, i) => (i % 97 === 0 ? 1 : 0)),
    series('AWS/Lambda', 'Duration', { FunctionName: 'resize' }, (_, i) => 180 + wobble(i, 10)),
    series(
      'AWS/RDS',
      'CPUUtilization',
      { DBInstanceIdentifier: 'orders-db' },
      (_, i) => 22 + wobble(i, 2),
    ),
  ];
  const checkout = [];
  for (let t = first, i = 0; t < end; t += 15_000, i += 1) {
    checkout.push({
      timestamp: t,
      message: `INFO order ${1000 + i} placed in ${40 + (i % 7)}ms`,
      logStream: 'checkout/web/1',
    });
    if (failing(t))
      checkout.push({
        timestamp: t + 5,
        message: `ERROR payment gateway timeout after 5000ms for order ${1000 + i}`,
        logStream: 'checkout/web/1',
      });
  }
  const resize = Array.from({ length: 200 }, (_, i) => ({
    timestamp: end - (i + 1) * MINUTE,
    message: `START RequestId: ${i} resized image in ${150 + (i % 9)}ms`,
  }));
  const ecsServices: FakeAwsEcsService[] = [
    {
      cluster: 'prod',
      name: 'checkout',
      deployments: [
        { taskDefinition: 'checkout:41', createdAt: end - 3 * 24 * 60 * MINUTE, status: 'ACTIVE' },
        { taskDefinition: 'checkout:42', createdAt: onset - 2 * MINUTE, rolloutState: 'COMPLETED' },
      ],
    },
  ];
  return {
    metrics,
    ecsServices,
    logGroups: [
      { name: '/ecs/checkout', events: checkout },
      { name: '/aws/lambda/resize', events: resize },
    ],
  };
}
