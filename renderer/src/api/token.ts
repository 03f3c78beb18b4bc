/**
 * Headless login: the control server prints `http://127.0.0.1:<port>/#token=<token>`. On load
 * the token moves from the URL into sessionStorage (so it is not left in the address bar,
 * history or screenshots) and is sent as a bearer header from then on.
 */
const KEY = 'autodeploy.controlToken';
const TOKEN_RE = /(?:^#|[#&/?])token=([^&]*)/;

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** Take a token from the URL hash (removing it) or from sessionStorage. */
export function takeToken(place: TokenPlace): string | null {
  const match = TOKEN_RE.exec(place.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1] ?? '').trim();
    const rest = place.location.hash.replace(/[&?]?token=[^&]*/, '').replace(/^#&/, '#');
    const hash = rest === '#' || rest === '' ? '#/' : rest;
    place.history.replaceState(null, '', `${place.location.pathname}${place.location.search}${hash}`);
    if (token) {
      place.storage.setItem(KEY, token);
      return token;
    }
  }
  return place.storage.getItem(KEY);
}

export function saveToken(place: Pick<TokenPlace, 'storage'>, token: string): void {
  place.storage.setItem(KEY, token.trim());
}

export function forgetToken(place: Pick<TokenPlace, 'storage'>): void {
  place.storage.removeItem(KEY);
}

/** Accepts a bare token or a whole pasted dashboard URL with `#token=`. */
export function tokenFromInput(input: string): string {
  const value = input.trim();
  const m = TOKEN_RE.exec(value.slice(value.indexOf('#')));
  return m && value.includes('#') ? decodeURIComponent(m[1] ?? '').trim() : value;
}
