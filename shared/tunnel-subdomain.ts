/**
 * The subdomain rule of the localtunnel reference server (docs/tunnel.md §4), with
 * its own message. A name it refuses gets 403 on every retry, so settings refuse it up front.
 * With a hyphen a name needs 6–65 characters, without one 4–63 (the message says 4–63).
 */
export const TUNNEL_SUBDOMAIN = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;

export const TUNNEL_SUBDOMAIN_MESSAGE =
  'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters (with a "-": 6 or more, not first or last).';

export const isTunnelSubdomain = (name: string): boolean => TUNNEL_SUBDOMAIN.test(name);
