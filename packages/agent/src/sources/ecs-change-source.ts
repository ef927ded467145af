import type { CloudWatchApi } from '@vibemonitor/integrations';
import type { ChangeSource, SourceInfo } from './data-sources.js';

/**
 * Deploys from ECS: each deployment a service started in the window (a new
 * task definition revision rolled out), read with the same assumed role as
 * CloudWatch. The version is the task definition's `family:revision`.
 */
export function changeSourceFromEcs(info: SourceInfo, client: CloudWatchApi): ChangeSource {
  return {
    kind: 'changes',
    id: info.id,
    name: info.name,
    async list({ start, end, signal }) {
      const { deployments } = await client.ecsDeployments({
        start,
        end,
        ...(signal ? { signal } : {}),
      });
      return deployments.map((d) => ({
        at: new Date(d.at),
        service: d.service,
        kind: 'deploy' as const,
        title: `ECS deployment of ${d.service} (cluster ${d.cluster}) to task definition ${d.taskDefinition}${d.rolloutState ? `, rollout ${d.rolloutState.toLowerCase()}` : ''}`,
        version: d.taskDefinition,
      }));
    },
  };
}
