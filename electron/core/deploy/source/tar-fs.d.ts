// tar-fs ships no types; only `pack` (and the tar-stream pack it finishes with) is used here.
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';
  export interface PackOptions {
    /** Receives the absolute path; true leaves the entry (and a directory's subtree) out. */
    ignore?: (name: string) => boolean;
    dereference?: boolean;
    entries?: string[];
    /** false: leave the archive open for `finish` to add entries and finalize it. */
    finalize?: boolean;
    finish?: (pack: TarPack) => void;
  }
  /** The tar-stream pack tar-fs writes into. */
  export interface TarPack extends Readable {
    entry(header: { name: string; mode?: number; mtime?: Date; size?: number }, content: Buffer): void;
    finalize(): void;
  }
  export function pack(cwd: string, opts?: PackOptions): Readable;
  const tarFs: { pack: typeof pack };
  export default tarFs;
}
