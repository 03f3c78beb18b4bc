/** Global settings (persisted in db.json). */
import * as z from 'zod';
import { TUNNEL_SUBDOMAIN, TUNNEL_SUBDOMAIN_MESSAGE } from '../tunnel-subdomain';
import { patchOf } from './patch';

export const tunnelSettings = z.object({
  /** localtunnel server; any self-hosted localtunnel server works. */
  host: z.string().url().default('https://localtunnel.me'),
  /**
   * Requested subdomain, so the URL stays stable when the server grants it. Stored values keep
   * the earlier, looser rule so old files load; a change must pass the server's rule
   * (`settingsPatch`), and the tunnel refuses to start with a name the server would refuse.
   */
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}[a-z0-9]$/, '4–65 lower-case letters, digits or "-"')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  autoStart: z.boolean().default(false),
});

export const notificationSettings = z.object({
  succeeded: z.boolean().default(true),
  failed: z.boolean().default(true),
  rolledBack: z.boolean().default(true),
  tunnelUrlChanged: z.boolean().default(true),
});

/** Catch-up: the engine asks registries and repositories itself (webhooks stay the fast path). */
export const catchUpSettings = z.object({
  /** Seconds between checks of every component; 0 = only on events (start, wake, tunnel back, ...). */
  intervalSeconds: z.number().int().min(0).max(86_400).default(300),
});

export const proxySettings = z.object({
  /** The reverse proxy's image (Caddy 2) for zero-downtime deploys; pulled when missing. */
  image: z.string().min(1).max(512).default('caddy:2'),
  /**
   * A loopback port where every component behind the proxy also answers by name,
   * `http://<name>.localhost:<port>` ("_" in a name becomes "-"); 0 = off.
   */
  localNamesPort: z.number().int().min(0).max(65535).default(0),
});

export const settings = z.object({
  /** Global pause: when off, webhooks are answered "ignored" and nothing deploys by itself. */
  autoDeploy: z.boolean().default(true),
  webhookHost: z.string().default('127.0.0.1'),
  webhookPort: z.number().int().min(0).max(65535).default(7780),
  tunnel: tunnelSettings.default(tunnelSettings.parse({})),
  notifications: notificationSettings.default(notificationSettings.parse({})),
  maxConcurrentBuilds: z.number().int().min(1).max(16).default(2),
  historyLimit: z.number().int().min(10).max(10000).default(500),
  deliveryLogLimit: z.number().int().min(10).max(10000).default(500),
  startAtLogin: z.boolean().default(false),
  catchUp: catchUpSettings.default(catchUpSettings.parse({})),
  proxy: proxySettings.default(proxySettings.parse({})),
});
export type Settings = z.infer<typeof settings>;
export const settingsPatch = z
  .object({
    autoDeploy: z.boolean(),
    webhookHost: z.string(),
    webhookPort: z.number().int().min(0).max(65535),
    tunnel: patchOf(tunnelSettings).extend({
      subdomain: z
        .string()
        .regex(TUNNEL_SUBDOMAIN, TUNNEL_SUBDOMAIN_MESSAGE)
        .optional()
        .or(z.literal('').transform(() => undefined)),
    }),
    notifications: patchOf(notificationSettings),
    maxConcurrentBuilds: z.number().int().min(1).max(16),
    historyLimit: z.number().int().min(10).max(10000),
    deliveryLogLimit: z.number().int().min(10).max(10000),
    startAtLogin: z.boolean(),
    catchUp: patchOf(catchUpSettings),
    proxy: patchOf(proxySettings),
  })
  .partial()
  .strict();
export type SettingsPatch = z.input<typeof settingsPatch>;
export const defaultSettings = (): Settings => settings.parse({});
