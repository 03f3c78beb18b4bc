/**
 * A server-sent-events reader over `fetch` + ReadableStream. We do not use EventSource because
 * it cannot send an `Authorization` header, and the control token must not go in the URL.
 */

/** Incremental parser: feed decoded text chunks, get back each complete message's data. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** Returns the `data` of every message completed by this chunk (lines joined by "\n"). */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const out: string[] = [];
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.buffer.slice(0, nl);
      // A lone "\r" at the very end may be the first half of "\r\n": wait for more input.
      if (this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      const width = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.buffer = this.buffer.slice(nl + width);
      if (line === '') {
        if (this.data.length > 0) out.push(this.data.join('\n'));
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // comment / keep-alive
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      // `event`, `id` and `retry` carry nothing we need: every message is one JSON ApiEvent.
    }
    return out;
  }
}

/**
 * Read an already-opened SSE response to its end, calling `onData` per message.
 * Aborting the request's signal ends the read.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const data of parser.push(decoder.decode(value, { stream: true }))) onData(data);
    }
  } finally {
    reader.releaseLock();
  }
}
