/** Matches REST requests to API operations, from the one route table in shared/api.ts. */
import { API_ROUTES } from '../../../shared/api';
import type { ApiMethod } from '../../../shared/api';

interface CompiledRoute {
  method: string;
  apiMethod: ApiMethod;
  pattern: RegExp;
  params: string[];
}

const compiled: CompiledRoute[] = (Object.entries(API_ROUTES) as [ApiMethod, (typeof API_ROUTES)[ApiMethod]][]).map(
  ([apiMethod, route]) => {
    const params: string[] = [];
    const source = route.path.replace(/:(\w+)/g, (_m, name: string) => {
      params.push(name);
      return '([^/]+)';
    });
    return { method: route.method, apiMethod, pattern: new RegExp(`^${source}$`), params };
  },
);

export interface RouteMatch {
  apiMethod: ApiMethod;
  /** Path parameters in declaration order (decoded). */
  args: string[];
}

/** `null` when no route has this path; `'method'` when the path exists with another verb. */
export function matchRoute(method: string, path: string): RouteMatch | 'method' | null {
  let pathMatched = false;
  for (const r of compiled) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    let args: string[];
    try {
      args = m.slice(1).map((s) => decodeURIComponent(s));
    } catch {
      return null;
    }
    return { apiMethod: r.apiMethod, args };
  }
  return pathMatched ? 'method' : null;
}
