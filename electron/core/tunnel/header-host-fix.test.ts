import { describe, expect, it } from 'vitest';
import HeaderHostTransformer from 'localtunnel/lib/HeaderHostTransformer.js';
import { installHeaderHostFix, rewriteFirstHost } from './header-host-fix';

const binary = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0x41]); // not valid UTF-8
const request = (host: string) => Buffer.concat([Buffer.from(`POST /echo HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${binary.length}\r\n\r\n`), binary]);

function through(chunks: Buffer[]): Promise<Buffer> {
  const t = new HeaderHostTransformer({ host: '127.0.0.1' });
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  return new Promise((resolve, reject) => {
    t.on('end', () => resolve(Buffer.concat(out)));
    t.on('error', reject);
    for (const c of chunks) t.write(c);
    t.end();
  });
}

describe('localtunnel Host rewrite fix', () => {
  it('rewrites the Host header and keeps every other byte', () => {
    const out = rewriteFirstHost(request('abcd.localhost:1234'), '127.0.0.1');
    expect(out).toEqual(request('127.0.0.1'));
    expect(rewriteFirstHost(binary, 'x')).toBeUndefined();
  });

  it('the patched client transform passes binary bodies through unchanged', async () => {
    installHeaderHostFix();
    installHeaderHostFix(); // idempotent
    const first = request('abcd.localhost:1234');
    const second = request('abcd.localhost:1234');
    const out = await through([first, second]);
    // only the first Host on the connection is rewritten (the client's documented behaviour)
    expect(out).toEqual(Buffer.concat([request('127.0.0.1'), second]));
  });

  it('keeps a UTF-8 character split across the first chunk boundary (e.g. a Chinese commit message)', async () => {
    installHeaderHostFix();
    const body = Buffer.from(JSON.stringify({ message: '修复结账舍入' }));
    const head = Buffer.from(`POST /hooks/x/git HTTP/1.1\r\nHost: abcd.localhost:1\r\nContent-Length: ${body.length}\r\n\r\n`);
    const whole = Buffer.concat([head, body]);
    const cut = head.length + body.indexOf(Buffer.from('修')) + 1; // inside the 3-byte character
    const out = await through([whole.subarray(0, cut), whole.subarray(cut)]);
    expect(out.subarray(out.length - body.length)).toEqual(body);
  });
});
