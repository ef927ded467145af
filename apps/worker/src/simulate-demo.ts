import {
  createSimulator,
  GRID_STEP_SECONDS,
  serviceNames,
  streamLabels,
} from '@vibemonitor/simulator';
import {
  DEMO_HOURS_BEFORE,
  DEMO_SCENARIO,
  DEMO_SEED,
  type DemoSimulate,
} from '@vibemonitor/core/demo';

/**
 * The simulator behind `demo` integrations: the demo scenario with its fault
 * at the requested time. Core defines what it needs (DemoSimulate) and the
 * worker, which may import the agent, supplies it.
 */
export const simulateDemo: DemoSimulate = ({ faultStart }) => ({
  simulation: createSimulator({
    scenario: DEMO_SCENARIO,
    seed: DEMO_SEED,
    faultStart,
    hoursBefore: DEMO_HOURS_BEFORE,
  }),
  stepSeconds: GRID_STEP_SECONDS,
  logStreams: serviceNames.map(streamLabels),
});
