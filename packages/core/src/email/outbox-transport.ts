import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { withSafeHeaders, type EmailMessage, type EmailTransport } from './email-transport.js';

/** One message as stored in the outbox. */
export interface OutboxEntry extends EmailMessage {
  from: string;
  sentAt: string;
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/**
 * Development and test email: each message becomes one JSON file under
 * `$DATA_DIR/outbox/` (rendered text, HTML and its action link), and a log
 * line carries the link so a developer can click through without a mail server.
 */
export function createOutboxTransport({
  dataDir,
  from,
  logger,
  logLinks = false,
}: {
  dataDir: string;
  from: string;
  logger: Logger;
  /** Links carry single-use tokens: logged only when `mayLogEmailLinks` allows (embedded development). */
  logLinks?: boolean;
}): EmailTransport {
  const dir = outboxDir(dataDir);
  return {
    kind: 'outbox',
    async send(unsafe) {
      const message = withSafeHeaders(unsafe);
      await mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      // Sortable by time; the random suffix keeps same-millisecond messages apart.
      const file = `${sentAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}-${message.tag}.json`;
      const entry: OutboxEntry = { ...message, from, sentAt };
      await writeFile(join(dir, file), `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
      logger.info(
        {
          to: message.to,
          tag: message.tag,
          file,
          ...(logLinks && message.link ? { emailLink: message.link } : {}),
        },
        `email written to outbox: ${message.subject}`,
      );
    },
  };
}

/** Reads every message in the outbox, oldest first (tests and local tooling). */
export async function readOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as OutboxEntry),
  );
}
