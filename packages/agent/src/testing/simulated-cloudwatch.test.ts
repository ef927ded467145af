import { describe, expect, it } from 'vitest';
import { createSimulator } from '@vibemonitor/simulator';
import { cloudWatchFamilies } from '../sources/cloudwatch-families.js';
import { albDimension, cloudWatchData } from './simulated-cloudwatch.js';

/*
 * The simulator's shop as CloudWatch would hold it: only AWS's own
 * namespaces, metric names and dimension sets; latency as per-request
 * samples whose percentiles follow the histogram; deploys and configuration
 * changes as ECS deployments, scaling and one-off jobs not.
 */

const FAULT = 1_800_000_000;
const simulate = (scenario: Parameters<typeof createSimulator>[0]['scenario']) => {
  const simulator = createSimulator({ scenario, seed: 7, faultStart: FAULT, hoursBefore: 2 });
  return cloudWatchData(simulator, FAULT - 100 * 60, FAULT + 30 * 60);
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

describe('simulated CloudWatch', () => {
  it('publishes only AWS namespaces and dimension sets, no Kubernetes names', () => {
    const { metrics } = simulate('cpu-saturation');
    const allowed: Record<string, string[]> = {
      'AWS/ApplicationELB': ['LoadBalancer'],
      'ECS/ContainerInsights': ['ClusterName', 'ServiceName'],
      'AWS/EC2': ['InstanceId', 'AutoScalingGroupName'],
      'AWS/RDS': ['DBInstanceIdentifier'],
      'AWS/ElastiCache': ['CacheClusterId'],
    };
    for (const m of metrics) {
      expect(Object.keys(allowed)).toContain(m.namespace);
      for (const key of Object.keys(m.dimensions)) expect(allowed[m.namespace]).toContain(key);
      expect(m.metricName).toMatch(/^[A-Z]/); // AWS names (CpuUtilized), not Prometheus ones (container_cpu_...)
    }
    // Each web service has its own ALB, found by the engine's mapping; the managed stores are not ECS services.
    const albs = new Set(
      metrics
        .filter((m) => m.namespace === 'AWS/ApplicationELB')
        .map((m) => m.dimensions.LoadBalancer),
    );
    expect([...albs].sort()).toEqual(
      ['auth', 'gateway', 'orders', 'payments'].map(albDimension).sort(),
    );
    const ecsServices = new Set(
      metrics
        .filter((m) => m.namespace === 'ECS/ContainerInsights')
        .map((m) => m.dimensions.ServiceName),
    );
    expect(ecsServices.has('postgres')).toBe(false);
    expect(ecsServices.has('redis')).toBe(false);
    const mapped = metrics.filter((m) =>
      cloudWatchFamilies.some((f) =>
        f.variants.some(
          (v) =>
            v.namespace === m.namespace &&
            (v.metricName === m.metricName || v.errorMetricName === m.metricName) &&
            v.dimensions.join() === Object.keys(m.dimensions).join(),
        ),
      ),
    );
    expect(mapped.length).toBeGreaterThan(20);
  });

  it('keeps per-request response times whose p99 rises with the fault', () => {
    const { metrics } = simulate('cpu-saturation');
    const latency = metrics.find(
      (m) =>
        m.metricName === 'TargetResponseTime' &&
        m.dimensions.LoadBalancer === albDimension('payments'),
    )!;
    const window = (start: number, end: number) =>
      latency.points
        .filter((p) => p.timestamp >= start * 1000 && p.timestamp < end * 1000)
        .map((p) => p.value);
    const before = window(FAULT - 30 * 60, FAULT);
    const during = window(FAULT + 10 * 60, FAULT + 30 * 60);
    expect(before.length).toBeGreaterThan(1000);
    expect(percentile(during, 0.99)).toBeGreaterThan(2 * percentile(before, 0.99));
    expect(percentile(before, 0.5)).toBeLessThan(percentile(before, 0.99));
  });

  it('records deploys and configuration changes as ECS deployments, not scaling or jobs', () => {
    const deploy = simulate('bad-deploy').ecsServices.find((s) => s.name === 'orders')!;
    expect(deploy.cluster).toBe('shop');
    expect(deploy.deployments.at(-1)).toMatchObject({
      createdAt: (FAULT - 60) * 1000,
      rolloutState: 'COMPLETED',
    });
    const config = simulate('config-error').ecsServices.find((s) => s.name === 'auth')!;
    expect(config.deployments.some((d) => d.createdAt === (FAULT - 60) * 1000)).toBe(true);
    // The noisy neighbour's one-off job leaves no deployment on reporting.
    const job = simulate('noisy-neighbour').ecsServices.find((s) => s.name === 'reporting')!;
    expect(job.deployments.every((d) => d.createdAt < (FAULT - 3600) * 1000)).toBe(true);
  });

  it('delivers logs to the log groups AWS uses', () => {
    const groups = simulate('cache-outage').logGroups.map((g) => g.name);
    expect(groups).toContain('/ecs/orders');
    expect(
      groups.every((g) =>
        /^\/ecs\/[a-z]+$|^\/aws\/rds\/instance\/postgres\/postgresql$|^\/aws\/elasticache\/redis$/.test(
          g,
        ),
      ),
    ).toBe(true);
  });
});
