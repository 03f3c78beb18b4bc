import { describe, expect, it } from 'vitest';
import { ImageRefError, comparableRepository, formatImageRef, localRepository, parseImageRef, retagReference } from './image-ref';

describe('image references', () => {
  it('parses Docker Hub, registry hosts, tags and digests', () => {
    expect(parseImageRef('nginx')).toEqual({ domain: 'docker.io', path: 'library/nginx', tag: 'latest', digest: undefined });
    expect(parseImageRef('127.0.0.1:5000/team/app:v1')).toMatchObject({ domain: '127.0.0.1:5000', path: 'team/app', tag: 'v1' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`ghcr.io/o/app@${digest}`)).toMatchObject({ domain: 'ghcr.io', path: 'o/app', tag: undefined, digest });
    expect(formatImageRef(parseImageRef('docker.io/library/nginx:1'))).toBe('nginx:1');
    expect(comparableRepository(parseImageRef('docker.io/library/nginx'))).toBe('nginx');
  });

  it('refuses what is not a reference', () => {
    for (const bad of ['', 'team/UPPER', 'app:bad tag', 'a'.repeat(64), 'app@sha256:short']) expect(() => parseImageRef(bad), bad).toThrow(ImageRefError);
  });

  it("compares local tags across engines: Podman's localhost/ and docker.io/ forms are Docker's bare name", () => {
    expect(localRepository('autodeploy/app:abc')).toBe('docker.io/autodeploy/app');
    expect(localRepository('localhost/autodeploy/app:abc')).toBe('docker.io/autodeploy/app');
    expect(localRepository('docker.io/autodeploy/app:latest')).toBe('docker.io/autodeploy/app');
    expect(localRepository('127.0.0.1:5000/team/app:v1')).toBe('127.0.0.1:5000/team/app');
    expect(localRepository('<none>:<none>')).toBeNull();
  });

  it('retags a reference as the user wrote it', () => {
    expect(retagReference('127.0.0.1:5000/team/app:v1', 'v2')).toBe('127.0.0.1:5000/team/app:v2');
    expect(retagReference(`app@sha256:${'b'.repeat(64)}`, 'v2')).toBe('app:v2');
  });
});
