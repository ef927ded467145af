import { testRedisUrl, uniqueRedisPrefix } from '@vibemonitor/testing';
import { createJobsRuntime } from './jobs-runtime.js';
import { describeJobsContract } from './testing/contract.test-suite.js';
import { deleteRedisKeys } from './testing/delete-redis-keys.js';

describeJobsContract({
  driver: 'in-process',
  newPrefix: () => uniqueRedisPrefix('jobs'),
  createRuntime: (options) => createJobsRuntime(options),
  cleanup: async () => undefined,
});

const redisUrl = testRedisUrl();
if (redisUrl) {
  describeJobsContract({
    driver: 'redis',
    newPrefix: () => uniqueRedisPrefix('jobs'),
    createRuntime: (options) => createJobsRuntime({ ...options, redisUrl }),
    cleanup: (prefix) => deleteRedisKeys(redisUrl, prefix),
  });
}
