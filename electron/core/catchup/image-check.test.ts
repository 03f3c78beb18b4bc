import { describe, expect, it } from 'vitest';
import { deploySettings } from '../../../shared/schemas/component';
import type { StoredComponent } from '../store/document';
import { pickTag, registryCheckError } from './image-check';
import { RegistryError } from '../deploy/source/registry-errors';

const component = (image: string, tagPattern: string, runningTag?: string): StoredComponent => ({
  id: 'c_1',
  name: 'web',
  autoBuild: true,
  deploy: deploySettings.parse({}),
  hookId: 'h'.repeat(32),
  secrets: {},
  createdAt: '',
  updatedAt: '',
  source: { type: 'image', image },
  triggers: { image: { enabled: true, tagPattern, noDowngrade: false } },
  ...(runningTag ? { running: { deployId: 'd_0', image, tag: runningTag, since: '' } } : {}),
});

describe('pickTag', () => {
  it('takes the highest version the rule accepts, whatever the list order', () => {
    expect(pickTag(component('r/app:1.0.0', 'semver:^1', '1.0.0'), ['1.2.0', '2.0.0', '1.10.0', 'latest', '1.9.9']).tag).toBe('1.10.0');
    expect(pickTag(component('r/app:v1.0.0', 'glob:v1.*', 'v1.0.0'), ['v1.0.0', 'v1.3.0', 'v2.0.0']).tag).toBe('v1.3.0');
  });

  it('an exact rule follows the configured tag; non-version tags have no newest', () => {
    expect(pickTag(component('r/app:latest', '', 'latest'), ['latest', '1.0.0']).tag).toBe('latest');
    expect(pickTag(component('r/app:main-1', 'main-.*', 'main-1'), ['main-1', 'main-2'])).toEqual({ tag: 'main-1', reason: 'the followed tag main-1' });
    const none = pickTag(component('r/app:x', 'main-.*'), ['main-1', 'main-2']);
    expect(none.tag).toBeUndefined();
    expect(none.reason).toMatch(/none is a version/);
  });

  it('says so when nothing passes the rule', () => {
    expect(pickTag(component('r/app:1.0.0', 'semver:^3'), ['1.0.0', '2.0.0']).reason).toBe('no tag in the registry passes the tag rule "semver:^3"');
  });
});

describe('registryCheckError', () => {
  it('names the HTTP status and keeps Retry-After', () => {
    const e = registryCheckError(new RegistryError('the registry r is rate-limiting (429)', 'other', { status: 429, retryAfterMs: 7000 }));
    expect(e.message).toBe('registry said 429: the registry r is rate-limiting (429)');
    expect(e.retryAfterMs).toBe(7000);
    expect(registryCheckError(new RegistryError('cannot reach the registry r: ECONNREFUSED', 'network')).message).toBe('registry: cannot reach the registry r: ECONNREFUSED');
  });
});
