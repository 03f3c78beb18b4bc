/** Server-sent events: every ApiEvent as one `data:` line, with keep-alive comments. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from '../events';

const KEEPALIVE_MS = 15_000;

export function streamEvents(req: IncomingMessage, res: ServerResponse, events: EventBus): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = events.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const close = (): void => {
    clearInterval(keepalive);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  req.on('close', close);
  return close;
}
