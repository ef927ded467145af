export { startServer, type StartServerOptions, type StartedServer } from './start-server.js';
export { loadServerEnv, type ServerEnv } from './env.js';
export { createHttpApp, SESSION_COOKIE_NAME } from './app.js';
