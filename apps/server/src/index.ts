export { startServer, type StartServerOptions, type StartedServer } from './start-server.js';
export { loadServerConfig, loadServerEnv, type ServerEnv } from './env.js';
export { createHttpApp } from './app.js';
export { apiSettings } from './start-server.js';
export { isWebConsoleBuilt, webConsoleRoutes } from './web-console.js';
