import { Redis } from 'ioredis';

/** Deletes every key under `<prefix>:` (the BullMQ queues of one test). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { lazyConnect: true });
  try {
    await admin.connect();
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await admin.del(...keys);
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
}
