import { loadAppConfig, readEnv } from '@vibemonitor/core';
import { loadServerEnv } from '@vibemonitor/server';
import { loadWorkerEnv } from '@vibemonitor/worker';

/** Server and worker settings for the one-process mode, read once at boot. */
export function loadStandaloneConfig(env: Record<string, string | undefined> = process.env) {
  return {
    app: loadAppConfig(env),
    server: readEnv(() => loadServerEnv(env)),
    worker: readEnv(() => loadWorkerEnv(env)),
  };
}
