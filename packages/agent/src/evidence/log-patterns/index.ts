export { groupingAccuracy } from './accuracy.js';
export { extractMessage } from './message.js';
export { maskLine, maskToken, maskTokens, tokenize, WILDCARD } from './mask.js';
export { LogPatternMiner, minePatterns, OVERFLOW_TEMPLATE, type LogPattern, type MinerOptions, type MinerStats } from './miner.js';
export { templateIdOf } from './template-id.js';
