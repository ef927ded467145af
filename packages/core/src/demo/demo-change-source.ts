import type { DemoSimulation } from './demo-simulation.js';

/** The agent's ChangeSource shape (see DemoMetricSource for why it is restated here). */
export interface DemoChangeSource {
  readonly kind: 'changes';
  readonly id: string;
  readonly name: string;
  list(options: { start: Date; end: Date; signal?: AbortSignal }): Promise<
    Array<{
      at: Date;
      service: string | null;
      kind: 'deploy' | 'config' | 'scale' | 'cronjob' | 'other';
      title: string;
      version?: string;
    }>
  >;
}

/** The simulated system's deploys, config changes, scaling and jobs, up to `nowMs`. */
export function createDemoChangeSource(
  info: { id: string; name: string },
  simulation: DemoSimulation,
  nowMs: number,
): DemoChangeSource {
  return {
    kind: 'changes',
    id: info.id,
    name: info.name,
    async list({ start, end }) {
      const range = {
        start: Math.floor(start.getTime() / 1000),
        end: Math.floor(Math.min(end.getTime(), nowMs) / 1000),
      };
      if (range.end < range.start) return [];
      return simulation.changeEvents(range).map((event) => ({
        at: new Date(event.timestamp * 1000),
        service: event.service,
        kind: event.kind,
        title: event.title,
        ...(event.version ? { version: event.version } : {}),
      }));
    },
  };
}
