export * from './redis.js';
export * from './database.js';
