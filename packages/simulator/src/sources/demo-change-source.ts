import type { ChangeSource } from '@vibemonitor/integrations';
import type { Simulator } from '../simulator.js';

/** The simulated system's deploys, config changes, scaling and jobs, up to `nowMs`. */
export function createDemoChangeSource(
  info: { id: string; name: string },
  simulation: Pick<Simulator, 'changeEvents'>,
  nowMs: number,
): ChangeSource {
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
