/**
 * A fix for localtunnel 2.0.2's Host rewrite (the `local_host` option): its transform turns
 * every chunk into a UTF-8 string until it has replaced one Host header, so body bytes that
 * share a chunk with the request headers and are not valid UTF-8 get mangled (the length
 * changes, the listener answers 400, or an HMAC over the raw body no longer matches). Found by
 * the 100 KB binary-body test. The replacement does the same rewrite on a byte-preserving
 * (latin1) view. The client's TunnelCluster holds the same class object, so patching its
 * prototype once is enough; it is idempotent.
 */
import type { TransformCallback } from 'node:stream';
import HeaderHostTransformer from 'localtunnel/lib/HeaderHostTransformer.js';

const PATCHED = Symbol.for('auto-deploy.localtunnel.header-host-fix');
const HOST_LINE = /(\r\n[Hh]ost: )\S+/;

export function rewriteFirstHost(data: Buffer, host: string): Buffer | undefined {
  const text = data.toString('latin1');
  if (!HOST_LINE.test(text)) return undefined;
  return Buffer.from(text.replace(HOST_LINE, (_m, prefix: string) => prefix + host), 'latin1');
}

export function installHeaderHostFix(): void {
  const proto = HeaderHostTransformer.prototype as HeaderHostTransformer & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  proto._transform = function transform(this: HeaderHostTransformer, data: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.replaced) {
      callback(null, data);
      return;
    }
    const rewritten = rewriteFirstHost(data, this.host);
    if (rewritten) this.replaced = true;
    callback(null, rewritten ?? data);
  };
  proto[PATCHED] = true;
}
