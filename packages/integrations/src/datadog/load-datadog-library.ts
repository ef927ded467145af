import { createRequire } from 'node:module';
import type * as DatadogLibrary from '@datadog/datadog-api-client';

export type { DatadogLibrary };

const require = createRequire(import.meta.url);
let loaded: typeof DatadogLibrary | undefined;

/**
 * The official Datadog client, loaded on first use. It takes seconds to load
 * (thousands of generated modules), which every server and worker process
 * paid at start-up, Datadog or not; now only a process that talks to
 * Datadog does.
 */
export function datadogLibrary(): typeof DatadogLibrary {
  loaded ??= require('@datadog/datadog-api-client') as typeof DatadogLibrary;
  return loaded;
}
