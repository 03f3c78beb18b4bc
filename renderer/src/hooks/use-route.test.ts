import { describe, expect, it } from 'vitest';
import { parseRoute, routes } from './use-route';

describe('hash routes', () => {
  it('parses every page, including the notification deep link', () => {
    expect(parseRoute('')).toEqual({ name: 'components' });
    expect(parseRoute('#/')).toEqual({ name: 'components' });
    expect(parseRoute('#/components/new')).toEqual({ name: 'component-new' });
    expect(parseRoute('#/components/c_1')).toEqual({ name: 'component', id: 'c_1' });
    expect(parseRoute('#/components/c_1/edit')).toEqual({ name: 'component-edit', id: 'c_1' });
    expect(parseRoute('#/deploys')).toEqual({ name: 'deploys' });
    expect(parseRoute(routes.deploy('d 1'))).toEqual({ name: 'deploy', deployId: 'd 1' });
    expect(parseRoute('#/deliveries')).toEqual({ name: 'deliveries' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/nope/x')).toEqual({ name: 'not-found', path: '/nope/x' });
  });
});
