/**
 * Whether a container port speaks plain HTTP, asked the way the proxy would: a `HEAD /` over
 * a fresh connection must be answered with an HTTP status line. A database that waits for its
 * own protocol, a server that greets first (SMTP, MySQL, SSH), TLS, a reset or silence all
 * answer something else: the proxy cannot carry that port.
 */
import { connect } from 'node:net';

export const HTTP_SNIFF_TIMEOUT_MS = 5000;

/** null when `host:port` answers HTTP, else what it did instead. */
export function notHttp(host: string, port: number, timeoutMs = HTTP_SNIFF_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let head = Buffer.alloc(0);
    let settled = false;
    const done = (problem: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(`no answer to an HTTP request within ${timeoutMs / 1000}s`), timeoutMs);
    socket.once('connect', () => socket.write(`HEAD / HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: auto-deploy\r\nConnection: close\r\n\r\n`));
    const verdict = (): void => {
      const text = head.toString('latin1');
      if (/^HTTP\/\d/.test(text)) return done(null);
      done(text ? `answered ${JSON.stringify(text.replace(/[^\x20-\x7e]/g, '.'))}… instead of an HTTP status line` : 'closed the connection without an HTTP answer');
    };
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]).subarray(0, 8);
      if (head.length >= 6) verdict();
    });
    socket.once('end', verdict);
    socket.once('error', (err: NodeJS.ErrnoException) => done(`refused an HTTP request (${err.code ?? err.message})`));
  });
}
