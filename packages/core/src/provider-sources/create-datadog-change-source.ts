import type { ChangeSource, DatadogClient } from '@vibemonitor/integrations';

type ChangeKind = 'deploy' | 'config' | 'scale' | 'cronjob' | 'other';

/** What kind of change an event is, from its source and title (Datadog has no single change type). */
export function datadogChangeKind(source: string | null, title: string): ChangeKind {
  const text = `${source ?? ''} ${title}`.toLowerCase();
  if (/deploy|rollout|release|argocd|spinnaker/.test(text)) return 'deploy';
  if (/config|feature.?flag|setting/.test(text)) return 'config';
  if (/scal(e|ed|ing)|replica|autoscal|hpa/.test(text)) return 'scale';
  if (/cron|job started|scheduled/.test(text)) return 'cronjob';
  return 'other';
}

/** Deploys and other changes from Datadog events (deployment events, Kubernetes, CI), tagged `service:` / `version:`. */
export function createDatadogChangeSource(input: {
  info: { id: string; name: string };
  client: DatadogClient;
}): ChangeSource {
  return {
    kind: 'changes',
    id: input.info.id,
    name: input.info.name,
    async list({ start, end, signal }) {
      const events = await input.client.listEvents({
        query: '',
        from: start,
        to: end,
        limit: 500,
        ...(signal ? { signal } : {}),
      });
      return events
        .map((event) => ({
          at: new Date(event.timestamp),
          service: event.tags.service ?? null,
          kind: datadogChangeKind(event.source, event.title),
          title: event.title,
          ...(event.tags.version ? { version: event.tags.version } : {}),
        }))
        .filter((change) => change.kind !== 'other' || change.service !== null);
    },
  };
}
