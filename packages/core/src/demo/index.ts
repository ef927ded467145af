// The demo workspace. Its data and sources are the simulator's: @vibemonitor/simulator/sources.
export { createDemoWorkspace } from './create-demo-workspace.js';
