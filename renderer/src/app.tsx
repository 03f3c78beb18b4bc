/** The dashboard shell: navigation, the attention banner, and the page for the current route. */
import { lazy, Suspense, useEffect } from 'react';
import type { AutoDeployClient } from '../../shared/api';
import { ClientProvider, useConnectionState } from './api/client-context';
import { routes, useRoute } from './hooks/use-route';
import type { Route } from './hooks/use-route';
import { ComponentPage } from './pages/components/component-page';
import { ComponentsPage } from './pages/components/components-page';
import { DeliveriesPage } from './pages/deliveries/deliveries-page';
import { DeployPage } from './pages/deploys/deploy-page';
import { DeploysPage } from './pages/deploys/deploys-page';
import { PageHeading, RouteChangeFocus } from './ui/page-heading';
import { StatusBanner } from './ui/status-banner';

// Forms carry the zod schemas; load them when first opened so the first paint needs less script.
const NewComponentPage = lazy(() => import('./pages/components/component-edit-page').then((m) => ({ default: m.NewComponentPage })));
const EditComponentPage = lazy(() => import('./pages/components/component-edit-page').then((m) => ({ default: m.EditComponentPage })));
const SettingsPage = lazy(() => import('./pages/settings/settings-page').then((m) => ({ default: m.SettingsPage })));

const NAV: { href: string; label: string; active(r: Route): boolean }[] = [
  { href: routes.components(), label: 'Components', active: (r) => r.name.startsWith('component') },
  { href: routes.deploys(), label: 'Deploys', active: (r) => r.name === 'deploys' || r.name === 'deploy' },
  { href: routes.deliveries(), label: 'Deliveries', active: (r) => r.name === 'deliveries' },
  { href: routes.settings(), label: 'Settings', active: (r) => r.name === 'settings' },
];

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'components':
      return <ComponentsPage />;
    case 'component-new':
      return <NewComponentPage />;
    case 'component':
      return <ComponentPage key={route.id} id={route.id} />;
    case 'component-edit':
      return <EditComponentPage key={route.id} id={route.id} />;
    case 'deploys':
      return <DeploysPage />;
    case 'deploy':
      return <DeployPage key={route.deployId} deployId={route.deployId} />;
    case 'deliveries':
      return <DeliveriesPage />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return (
        <section key={route.path}>
          <PageHeading id="not-found-title" title="Not found" />
          <p>
            Nothing at <code>{route.path}</code>. <a href={routes.components()}>Back to the components</a>.
          </p>
        </section>
      );
  }
}

function ConnectionNote() {
  const state = useConnectionState();
  if (state === 'open' || state === 'idle') return null;
  return (
    <span className="connection" role="status">
      {state === 'unauthorized' ? 'Not signed in' : state === 'connecting' ? 'Connecting…' : 'Reconnecting to the engine…'}
    </span>
  );
}

function Shell() {
  const route = useRoute();
  useEffect(() => {
    // Read by the e2e run to report the time to first render.
    performance.mark('autodeploy:shell-rendered');
  }, []);
  return (
    <>
      {/* routes live in the hash, so the link must not navigate to "#main": it moves focus instead */}
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Auto Deploy</span>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a key={n.href} href={n.href} aria-current={n.active(route) ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <ConnectionNote />
      </header>
      <StatusBanner />
      <main id="main" tabIndex={-1}>
        <RouteChangeFocus>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Page route={route} />
          </Suspense>
        </RouteChangeFocus>
      </main>
    </>
  );
}

export function App({ client }: { client: AutoDeployClient }) {
  return (
    <ClientProvider client={client}>
      <Shell />
    </ClientProvider>
  );
}
