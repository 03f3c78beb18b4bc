/**
 * The page's h1. It names the document ("Components — Auto Deploy") and, after an in-app route
 * change, takes the focus the old page took with it: the link or button that was followed is gone,
 * so keyboard and screen-reader users would otherwise start again from the top of the document.
 * A followed link that survives the change (the main navigation) keeps focus. The first load
 * moves nothing.
 */
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { parseRoute } from '../hooks/use-route';

/** True once for the first heading that asks after a route change (the next page's, once it knows its name). */
const ClaimFocusContext = createContext<() => boolean>(() => false);

const routeKey = (hash: string) => JSON.stringify(parseRoute(hash));

/** Marks route changes (not hash changes that stay on the same page) for the next page's heading. */
export function RouteChangeFocus({ children }: { children: ReactNode }) {
  const pendingRef = useRef(false);
  useEffect(() => {
    let shown = routeKey(window.location.hash);
    const onHashChange = () => {
      const next = routeKey(window.location.hash);
      if (next !== shown) pendingRef.current = true;
      shown = next;
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const claim = useCallback(() => {
    const pending = pendingRef.current;
    pendingRef.current = false;
    return pending;
  }, []);
  return <ClaimFocusContext.Provider value={claim}>{children}</ClaimFocusContext.Provider>;
}

const focusLost = () => !document.activeElement || document.activeElement === document.body;

/**
 * `title` names the page in the document title; leave it undefined while the page's name is
 * still loading, so focus lands (and is announced) once, on the final name. It is also the
 * heading's text unless `children` are given.
 */
export function PageHeading({ id, title, children }: { id: string; title: string | undefined; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const claimFocus = useContext(ClaimFocusContext);
  useEffect(() => {
    if (title === undefined) return;
    document.title = `${title} — Auto Deploy`;
    if (claimFocus() && focusLost()) ref.current?.focus();
  }, [title, claimFocus]);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
