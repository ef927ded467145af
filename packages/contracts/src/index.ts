export * from './errors.js';
export * from './enums.js';
export * from './system.js';
export * from './channels.js';
export * from './rca-events.js';
export * from './notifications.js';
export * from './limits.js';
export * from './text.js';
