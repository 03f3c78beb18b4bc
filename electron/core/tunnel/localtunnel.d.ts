// Types for the parts of localtunnel@2.0.2 (CommonJS, untyped) this folder uses. Pinned version:
// the manager relies on the client's internals described in docs/tunnel.md §3 and §8.
declare module 'localtunnel/lib/Tunnel.js' {
  import { EventEmitter } from 'node:events';

  export interface TunnelOptions {
    port: number;
    host?: string;
    subdomain?: string;
    local_host?: string;
    local_https?: boolean;
    allow_invalid_cert?: boolean;
  }

  /** What `_getInfo` makes of the registration answer (passed to TunnelCluster). */
  export interface TunnelInfo {
    name: string;
    url: string;
    cached_url?: string;
    max_conn: number;
    remote_host: string;
    remote_ip?: string;
    remote_port: number;
    local_port: number;
    local_host?: string;
  }

  /** Emits 'open' (socket), 'dead', 'error' (Error), 'request'. */
  export type TunnelCluster = EventEmitter;

  /** Emits 'url' (string), 'error' (Error), 'request', 'close'. */
  export default class Tunnel extends EventEmitter {
    constructor(opts: TunnelOptions);
    opts: TunnelOptions;
    closed: boolean;
    url?: string;
    clientId?: string;
    cachedUrl?: string;
    tunnelCluster?: TunnelCluster;
    _getInfo(body: unknown): TunnelInfo;
    _init(cb: (err: Error | null, info?: TunnelInfo) => void): void;
    _establish(info: TunnelInfo): void;
    open(cb: (err?: Error) => void): void;
    close(): void;
  }
}

declare module 'localtunnel/lib/HeaderHostTransformer.js' {
  import { Transform, type TransformCallback } from 'node:stream';

  export default class HeaderHostTransformer extends Transform {
    constructor(opts?: { host?: string });
    host: string;
    replaced: boolean;
    override _transform(data: Buffer, encoding: BufferEncoding, callback: TransformCallback): void;
  }
}
