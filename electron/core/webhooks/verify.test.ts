import { describe, expect, it } from 'vitest';
import { giteeSignature } from './providers/gitee';
import { safeEqual } from '../util/safe-equal';
import { verifyHexHmac } from './verify';

// docs/webhooks.md, "Test vectors"
const SECRET = "It's a Secret to Everybody";
const BODY = 'Hello, World!';
const HEX = '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('signature verification (test vectors)', () => {
  it('GitHub X-Hub-Signature-256 and Bitbucket X-Hub-Signature', () => {
    expect(verifyHexHmac(`sha256=${HEX}`, 'sha256=', SECRET, Buffer.from(BODY))).toBe(true);
    expect(verifyHexHmac(`sha256=${HEX.toUpperCase()}`, 'sha256=', SECRET, BODY)).toBe(true);
    expect(verifyHexHmac(`sha256=${HEX}`, 'sha256=', 'other secret', BODY)).toBe(false);
    expect(verifyHexHmac(`sha256=${HEX}`, 'sha256=', SECRET, 'Hello, World?')).toBe(false);
    expect(verifyHexHmac(`sha1=${HEX}`, 'sha256=', SECRET, BODY)).toBe(false);
    expect(verifyHexHmac(`sha256=${HEX.slice(0, 63)}`, 'sha256=', SECRET, BODY)).toBe(false);
    expect(verifyHexHmac(`sha256=${HEX}00`, 'sha256=', SECRET, BODY)).toBe(false);
    expect(verifyHexHmac(undefined, 'sha256=', SECRET, BODY)).toBe(false);
  });

  it('Gitea / Gogs bare hex', () => {
    expect(verifyHexHmac(HEX, '', SECRET, BODY)).toBe(true);
    expect(verifyHexHmac(`sha256=${HEX}`, '', SECRET, BODY)).toBe(false);
  });

  it('Gitee signature mode', () => {
    expect(giteeSignature('123654', '1672135206524')).toBe('AbEvusCKxqRkBtTr4fD47SGVP/mRwlt48iuUYMFRloI=');
    expect(encodeURIComponent(giteeSignature('123654', '1672135206524'))).toBe('AbEvusCKxqRkBtTr4fD47SGVP%2FmRwlt48iuUYMFRloI%3D');
    // The Gitee signature-mode example (docs/webhooks.md, "Test vectors").
    expect(giteeSignature('example-secret', '1741070045123')).toBe('eni4QHVwP/y3BB7L9Txp13lxsE8HQenehcMnjcmjBbc=');
  });

  it('constant-time token comparison', () => {
    expect(safeEqual('token-1', 'token-1')).toBe(true);
    expect(safeEqual('token-1', 'token-2')).toBe(false);
    expect(safeEqual('token-1', 'token-10')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
