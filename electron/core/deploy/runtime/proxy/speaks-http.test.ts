import { createServer as createHttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notHttp } from './speaks-http';

const servers: Server[] = [];
const sockets = new Set<Socket>();
async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}
const tcp = (onConnection: (s: Socket) => void): Promise<number> => listen(createServer(onConnection));
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('notHttp', () => {
  it('is null for an HTTP server, whatever status it answers', async () => {
    const ok = await listen(createHttpServer((_req, res) => res.end('hi')));
    const teapot = await listen(createHttpServer((_req, res) => res.writeHead(418).end()));
    expect(await notHttp('127.0.0.1', ok)).toBeNull();
    expect(await notHttp('127.0.0.1', teapot)).toBeNull();
  });

  it('names what a non-HTTP server did instead', async () => {
    const echo = await tcp((s) => s.pipe(s));
    const greeter = await tcp((s) => s.end('220 mail.example ESMTP\r\n'));
    const closer = await tcp((s) => s.end());
    const silent = await tcp(() => undefined);
    const free = await tcp(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));

    expect(await notHttp('127.0.0.1', echo)).toMatch(/answered "HEAD \/ H.*instead of an HTTP status line/);
    expect(await notHttp('127.0.0.1', greeter)).toMatch(/answered "220 mai/);
    expect(await notHttp('127.0.0.1', closer)).toBe('closed the connection without an HTTP answer');
    expect(await notHttp('127.0.0.1', silent, 200)).toBe('no answer to an HTTP request within 0.2s');
    expect(await notHttp('127.0.0.1', free)).toMatch(/refused an HTTP request \(ECONNREFUSED\)/);
  });

  it('reads a status line that arrives a byte at a time', async () => {
    const slow = await tcp((s) => {
      s.once('data', async () => {
        for (const ch of 'HTTP/1.0 200 OK\r\n\r\n') {
          s.write(ch);
          await new Promise((r) => setTimeout(r, 5));
        }
        s.end();
      });
    });
    expect(await notHttp('127.0.0.1', slow)).toBeNull();
  });
});
