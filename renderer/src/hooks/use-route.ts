/** Hash routes, so the same files work from file:// (Electron) and over HTTP (serve mode). */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'components' }
  | { name: 'component-new' }
  | { name: 'component'; id: string }
  | { name: 'component-edit'; id: string }
  | { name: 'deploys' }
  | { name: 'deploy'; deployId: string }
  | { name: 'deliveries' }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: 'components' };
  if (first === 'components') {
    if (second === undefined) return { name: 'components' };
    if (second === 'new' && third === undefined) return { name: 'component-new' };
    if (third === undefined) return { name: 'component', id: second };
    if (third === 'edit' && parts.length === 3) return { name: 'component-edit', id: second };
  }
  if (first === 'deploys' && parts.length <= 2) return second ? { name: 'deploy', deployId: second } : { name: 'deploys' };
  if (first === 'deliveries' && parts.length === 1) return { name: 'deliveries' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  return { name: 'not-found', path };
}

export const routes = {
  components: () => '#/',
  newComponent: () => '#/components/new',
  component: (id: string) => `#/components/${encodeURIComponent(id)}`,
  editComponent: (id: string) => `#/components/${encodeURIComponent(id)}/edit`,
  deploys: () => '#/deploys',
  deploy: (deployId: string) => `#/deploys/${encodeURIComponent(deployId)}`,
  deliveries: () => '#/deliveries',
  settings: () => '#/settings',
};

export function navigate(hash: string): void {
  window.location.hash = hash;
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
