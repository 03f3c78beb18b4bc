/** A tar archive holding one regular file (what the engine's archive upload takes). */

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function oneFileTar(name: string, content: Buffer, mode = 0o644): Buffer {
  if (Buffer.byteLength(name) > 100 || name.includes('/')) throw new Error(`tar: "${name}" must be a plain file name of at most 100 bytes`);
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(content.length, 12), 124);
  header.write(octal(Math.floor(Date.now() / 1000), 12), 136);
  header.write('        ', 148); // checksum counted as spaces
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}
