/** Writing small JSON/text answers, the same way for the webhook listener and the control server. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function sendBody(res: ServerResponse, status: number, contentType: string, text: string, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra?: OutgoingHttpHeaders): void {
  sendBody(res, status, 'application/json; charset=utf-8', JSON.stringify(body), extra);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  sendBody(res, status, 'text/plain; charset=utf-8', text);
}
