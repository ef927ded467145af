import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordingListener {
  host: string;
  port: number;
  /** TCP connections accepted so far: proves whether anything was sent at all. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A raw TCP listener on `host` (default 127.0.0.1) that counts connections
 * and answers a minimal HTTP 200 to whatever arrives. SSRF tests point a
 * refused URL at it and check that the count stays 0.
 */
export async function startRecordingListener(host = '127.0.0.1'): Promise<RecordingListener> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () =>
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok',
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
