export * from './schema/index.js';
export * from './admin.js';
export * from './client.js';
export * from './env.js';
export * from './errors.js';
export * from './migrate.js';
export * from './pglite-snapshot.js';
export * from './query-rows.js';
export type * from './types.js';
