/**
 * Container logs without a TTY come multiplexed: frames of an 8-byte header (stream id,
 * 3 zero bytes, big-endian length) and the payload. With a TTY they are raw.
 */
export function demuxLogs(raw: Buffer): string {
  const looksFramed = raw.length >= 8 && raw[0] <= 2 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0;
  if (!looksFramed) return raw.toString('utf8');
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
