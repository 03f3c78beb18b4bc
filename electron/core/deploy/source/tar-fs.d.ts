// tar-fs ships no types; only `pack` is used here.
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';
  export interface PackOptions {
    /** Receives the absolute path; true leaves the entry (and a directory's subtree) out. */
    ignore?: (name: string) => boolean;
    dereference?: boolean;
    entries?: string[];
  }
  export function pack(cwd: string, opts?: PackOptions): Readable;
  const tarFs: { pack: typeof pack };
  export default tarFs;
}
