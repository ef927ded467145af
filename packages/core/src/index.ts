export { loadAppConfig, type AppConfig } from './config/app-config.js';
export { ConfigError, readEnv } from './config/config-error.js';
export { loadCoreEnv, type CoreEnv } from './config/env.js';
export { createLogger, redactedPaths, type Logger } from './logging/create-logger.js';
export { createRuntime, type Runtime } from './runtime/create-runtime.js';
export { runMain } from './lifecycle/run-main.js';
export { onShutdown } from './lifecycle/on-shutdown.js';
export { describeSystem } from './system/describe-system.js';
