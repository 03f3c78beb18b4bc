import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSealingKeys, keyFileKey, KeyMismatch, type SealingKey } from './key-check';
import { FileKeySealer } from './sealer';

let dir: string;
let keyFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'autodeploy-keycheck-'));
  keyFile = join(dir, 'secret.key');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A db.json-shaped file holding these sealed values (the check reads the text, not the schema). */
function writeDb(file: string, sealed: string[]): void {
  writeFileSync(join(dir, file), JSON.stringify({ version: 1, components: sealed.map((s, i) => ({ id: `c_${i}`, secrets: { gitSecret: s } })) }));
}

/** A second backend with its own prefix: reversible, and absent unless `present`. */
function otherKey(present: boolean, opens = true): SealingKey {
  return {
    prefix: 'ot1:',
    name: 'the other store',
    absent: 'is not available',
    restore: 'Bring it back.',
    open: async () => {
      if (!present) return undefined;
      return (sealed) => {
        if (!opens) throw new Error('unsupported state or unable to authenticate data');
        return Buffer.from(sealed.slice('ot1:'.length), 'base64').toString();
      };
    },
  };
}
const otherSeal = (plain: string): string => 'ot1:' + Buffer.from(plain).toString('base64');

async function refusal(keys: SealingKey[]): Promise<KeyMismatch> {
  const err = await checkSealingKeys(dir, keys).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KeyMismatch);
  return err as KeyMismatch;
}

describe('checkSealingKeys', () => {
  it('passes without sealed data and creates no key', async () => {
    writeDb('db.json', []);
    await checkSealingKeys(dir, [keyFileKey(keyFile)]);
    await checkSealingKeys(join(dir, 'nowhere'), [keyFileKey(keyFile)]);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('passes when the key file opens the sealed values', async () => {
    const sealer = await FileKeySealer.open(keyFile);
    writeDb('db.json', [sealer.seal('a'), sealer.seal('b')]);
    await expect(checkSealingKeys(dir, [keyFileKey(keyFile)])).resolves.toBeUndefined();
  });

  it('a missing key file: names it, the file and the count, and creates nothing', async () => {
    writeDb('db.json', [(await FileKeySealer.open(keyFile)).seal('a'), (await FileKeySealer.open(keyFile)).seal('b')]);
    rmSync(keyFile);
    const before = readFileSync(join(dir, 'db.json'), 'utf8');
    const err = await refusal([keyFileKey(keyFile)]);
    expect(err.message).toContain(`${keyFile} is missing, but ${join(dir, 'db.json')} holds 2 sealed secrets that need it`);
    expect(err.message).toContain('Put the original secret.key back');
    expect(err.message).toContain('docs/security.md');
    expect(existsSync(keyFile)).toBe(false);
    expect(readFileSync(join(dir, 'db.json'), 'utf8')).toBe(before);
  });

  it('a replaced key file does not open them', async () => {
    writeDb('db.json', [(await FileKeySealer.open(keyFile)).seal('a')]);
    writeFileSync(keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    const err = await refusal([keyFileKey(keyFile)]);
    expect(err.message).toContain(`${keyFile} does not open the sealed secrets in ${join(dir, 'db.json')} (was it replaced?)`);
  });

  it('reads db.last-good.json when db.json holds no sealed values (a restore would use it)', async () => {
    writeDb('db.last-good.json', [(await FileKeySealer.open(keyFile)).seal('a')]);
    writeFileSync(join(dir, 'db.json'), '{"version":');
    rmSync(keyFile);
    const err = await refusal([keyFileKey(keyFile)]);
    expect(err.message).toContain('holds 1 sealed secrets');
    expect(err.message).toContain(join(dir, 'db.last-good.json'));
  });

  it('only a key whose values are present is needed; each absent or wrong one is named', async () => {
    writeDb('db.json', [otherSeal('x')]);
    // values of the other store only: no key file needed
    await expect(checkSealingKeys(dir, [keyFileKey(keyFile), otherKey(true)])).resolves.toBeUndefined();
    expect(existsSync(keyFile)).toBe(false);
    expect((await refusal([keyFileKey(keyFile), otherKey(false)])).message).toMatch(/^the other store is not available, but .*db\.json holds 1 sealed secrets that need it; refusing to start with a new key\. Bring it back\./);
    expect((await refusal([otherKey(true, false)])).message).toMatch(/^the other store does not open the sealed secrets in .*db\.json/);
    // both kinds present, both keys gone: one message naming both
    writeDb('db.json', [otherSeal('x'), (await FileKeySealer.open(keyFile)).seal('a')]);
    rmSync(keyFile);
    const both = (await refusal([keyFileKey(keyFile), otherKey(false)])).message;
    expect(both).toContain(`${keyFile} is missing`);
    expect(both).toContain('the other store is not available');
  });
});
