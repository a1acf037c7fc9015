import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinySite {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Paths requested, in order. */
  hits: string[];
  stop(): Promise<void>;
}

/** A throwaway HTTP server on 127.0.0.1 whose routes are the test's own. */
export async function startTinySite(route: (request: IncomingMessage, response: ServerResponse) => void): Promise<TinySite> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '/');
    route(request, response);
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Streams filler until the client goes away or `limitBytes` is sent (default: ~forever). */
export function streamEndlessly(response: ServerResponse, type: string, limitBytes = 1 << 30): void {
  response.writeHead(200, { 'content-type': type });
  const chunk = Buffer.from(`<p>${'x'.repeat(16 * 1024)}</p>\n`);
  let sent = 0;
  const pump = (): void => {
    while (!response.destroyed && sent < limitBytes) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}
