/**
 * The component: what to deploy (image or git source), what may trigger it, and how it runs.
 * `ComponentCreate`/`ComponentPatch` are what clients send; `Component` is what they read back
 * (secrets never appear in it, only whether one is set).
 */
import * as z from 'zod';
import type { CatchUpCheck } from './catch-up';
import { ImageRefError, parseImageRef } from '../image-ref';
import { TAG_PATTERN_MAX_LENGTH, validateTagPattern } from '../tag-rule';
import { patchOf } from './patch';

export const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
export const componentName = z
  .string()
  .regex(NAME_RE, 'use 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

export const imageReference = z.string().superRefine((value, ctx) => {
  try {
    parseImageRef(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof ImageRefError ? err.message : 'invalid image reference' });
  }
});

/** `[ip:]hostPort:containerPort[/tcp|udp]`, or just `containerPort` (random host port). */
export const PORT_MAPPING_RE =
  /^(?:(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5})?:)?(\d{1,5})(?:\/(tcp|udp))?$/;
export const portMapping = z
  .string()
  .regex(PORT_MAPPING_RE, 'use "hostPort:containerPort", "ip:hostPort:containerPort" or "containerPort", optionally "/udp"')
  .refine((v) => {
    const m = PORT_MAPPING_RE.exec(v);
    return !!m && [m[1], m[2]].every((p) => p === undefined || (Number(p) >= 1 && Number(p) <= 65535));
  }, 'ports must be between 1 and 65535');

/** `hostPathOrVolume:/container/path[:ro|rw]`. */
export const volumeMapping = z
  .string()
  .regex(/^[^:\0]+:\/[^:\0]*(?::(?:ro|rw))?$/, 'use "hostPath-or-volume:/container/path", optionally ":ro"');

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'environment variable names are letters, digits and _');
const relPath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a path inside the repository');

export const gitRepoUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (v) => /^(?:https?|ssh|git|file):\/\/\S+$/.test(v) || /^[\w.-]+@[\w.-]+:\S+$/.test(v) || v.startsWith('/'),
    'use an https://, ssh://, git://, file:// URL, user@host:path, or an absolute local path',
  );
export const branchName = z
  .string()
  .min(1)
  .max(255)
  .refine((b) => !/(^[/.-])|\.\.|[\s~^:?*[\\]|\/$|\.lock$|@\{/.test(b), 'not a valid git branch name');

export const imageSource = z.object({
  type: z.literal('image'),
  image: imageReference,
  /** Registry login for private images; the password is write-only. */
  registryUsername: z.string().max(256).optional(),
});
export const gitSource = z.object({
  type: z.literal('git'),
  repo: gitRepoUrl,
  branch: branchName.default('main'),
  dockerfile: relPath.default('Dockerfile'),
  context: z.string().max(512).default('.').refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a path inside the repository'),
  buildArgs: z.record(envName, z.string()).default({}),
  /** https username for a private repository; the token is write-only. */
  username: z.string().max(256).optional(),
});
export const componentSource = z.discriminatedUnion('type', [imageSource, gitSource]);

export const httpProbe = z.object({
  /** Path on the container's first published port, or a full http:// URL. */
  url: z.string().min(1).max(2048),
  expectStatus: z.number().int().min(100).max(599).default(200),
  timeoutSeconds: z.number().int().min(1).max(600).default(30),
});
export const healthcheck = z.object({
  /** How long to wait for the new container to become healthy before rolling back. */
  timeoutSeconds: z.number().int().min(1).max(3600).default(60),
  /** Without a Docker HEALTHCHECK: the container must still be running after this many seconds. */
  stableSeconds: z.number().min(0).max(600).default(3),
  http: httpProbe.optional(),
});

export const restartPolicy = z.enum(['no', 'always', 'unless-stopped', 'on-failure']);
export const deploySettings = z.object({
  target: z.enum(['container', 'swarm']).default('container'),
  ports: z.array(portMapping).max(64).default([]),
  env: z.record(envName, z.string().max(65536)).default({}),
  /** Names of env vars whose values the UI masks (values are passed to the container as given). */
  secretEnv: z.array(envName).default([]),
  volumes: z.array(volumeMapping).max(64).default([]),
  restart: restartPolicy.default('unless-stopped'),
  command: z.array(z.string()).max(256).optional(),
  network: z.string().max(128).optional(),
  healthcheck: healthcheck.default({ timeoutSeconds: 60, stableSeconds: 3 }),
  /** Images of earlier deploys kept for rollback. */
  keepImages: z.number().int().min(1).max(50).default(3),
  /** Swarm target: replicas of the service. */
  replicas: z.number().int().min(0).max(100).default(1),
  /** Take over an existing container (one without our labels) by its name on first deploy. */
  adoptContainer: z.string().max(128).optional(),
  /**
   * Container target: put the published TCP ports behind the app's reverse proxy (Caddy) and
   * swap containers without dropping a request. Unset = automatic: used when every port has a
   * fixed host port and answers HTTP and the proxy image is available, else stop-then-start
   * (the deploy log says why). true = always (every TCP port taken as HTTP); false = never;
   * null (in a patch) = back to automatic (never stored).
   */
  zeroDowntime: z.boolean().nullish(),
});

export const gitTrigger = z.object({
  enabled: z.boolean().default(true),
  /** A push deploys when a commit message contains `@keyword`; empty = every push. */
  keyword: z.string().max(64).regex(/^\S*$/, 'the keyword cannot contain spaces').default('deploy'),
});
export const imageTrigger = z.object({
  enabled: z.boolean().default(true),
  /** Empty = exact tag; otherwise a regex, `glob:...` or `semver:...` (validated by shared/tag-rule). */
  tagPattern: z.string().max(TAG_PATTERN_MAX_LENGTH).default(''),
  /**
   * Never move to a lower version than the one deployed (semver-comparable tags only). On by
   * default for new components (a webhook only moves forward); stored components keep theirs.
   */
  noDowngrade: z.boolean().default(true),
  /**
   * With a webhook secret set, every image delivery must authenticate (GHCR's signature, the
   * Authorization header of Harbor / registry notifications). Docker Hub, Aliyun and Quay
   * cannot sign: true accepts them on the webhook URL alone (anyone who learns the URL can
   * then trigger a pull of a tag the registry really has).
   */
  allowUnsigned: z.boolean().optional(),
});
export const apiTrigger = z.object({
  enabled: z.boolean().default(true),
});
/**
 * What clients may save: the tag pattern must pass shared/tag-rule's validation. Only client
 * input is checked this way; the stored document keeps the plain `imageTrigger`, so a pattern
 * that a later version refuses never makes db.json unreadable (matching treats it as invalid).
 */
export const imageTriggerInput = imageTrigger.extend({
  tagPattern: z
    .string()
    .max(TAG_PATTERN_MAX_LENGTH)
    .superRefine((pattern, ctx) => {
      const problem = validateTagPattern(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
});

/** Write-only secrets a client may set on create or update. */
const secretValue = z.string().min(8, 'at least 8 characters').max(512);
export const componentSecretsInput = z.object({
  /** Git webhook secret (HMAC key / token). */
  secret: secretValue.optional(),
  /** Custom API `secret_key`. */
  secretKey: secretValue.optional(),
  /** https token for a private git repository. */
  gitToken: z.string().min(1).max(4096).optional(),
  /** Registry password or token for a private image. */
  registryPassword: z.string().min(1).max(4096).optional(),
});

export const componentCreate = z
  .object({
    name: componentName,
    autoBuild: z.boolean().default(true),
    source: componentSource,
    triggers: z
      .object({ git: gitTrigger.optional(), image: imageTriggerInput.optional(), api: apiTrigger.optional() })
      .default({}),
    deploy: deploySettings.default(deploySettings.parse({})),
  })
  .extend(componentSecretsInput.shape)
  .strict();
export type ComponentCreate = z.input<typeof componentCreate>;

export const componentPatch = z
  .object({
    name: componentName,
    autoBuild: z.boolean(),
    source: componentSource,
    triggers: z.object({
      git: patchOf(gitTrigger).optional(),
      image: patchOf(imageTriggerInput).optional(),
      api: patchOf(apiTrigger).optional(),
    }),
    deploy: patchOf(deploySettings),
  })
  .partial()
  .extend(componentSecretsInput.shape)
  .strict();
export type ComponentPatch = z.input<typeof componentPatch>;

/** What is running for a component right now (kept up to date by the deploy engine). */
export const runningState = z.object({
  deployId: z.string(),
  image: z.string(),
  imageId: z.string().optional(),
  digest: z.string().optional(),
  commit: z.string().optional(),
  tag: z.string().optional(),
  containerId: z.string().optional(),
  serviceId: z.string().optional(),
  since: z.string(),
  /**
   * Where the running app answers: one `http://host:port` URL per published tcp port, from the
   * engine's inspection after the deploy (a proxy in front may fill it instead). Plain URLs.
   */
  addresses: z.array(z.string().max(2048)).max(64).optional(),
  /** Some port is published on every interface (reachable from the network, not only here). */
  exposedToNetwork: z.boolean().optional(),
  /** Served through the app's proxy: the next deploy swaps without dropping a request. */
  proxied: z.boolean().optional(),
  /** Automatic zero-downtime was not possible for this deploy: why (the ports are the container's own). */
  directReason: z.string().max(2048).optional(),
});
export type RunningState = z.infer<typeof runningState>;

export type TriggerKind = 'git' | 'image' | 'api';
export const TRIGGER_KINDS: readonly TriggerKind[] = ['git', 'image', 'api'];

/** A component as every API read shows it. */
export interface Component {
  id: string;
  name: string;
  autoBuild: boolean;
  source: z.infer<typeof componentSource>;
  triggers: {
    git?: z.infer<typeof gitTrigger> & { secretSet: boolean };
    image?: z.infer<typeof imageTrigger> & { secretSet: boolean };
    api?: z.infer<typeof apiTrigger> & { secretKeySet: boolean };
  };
  deploy: z.infer<typeof deploySettings>;
  /** Whether a git token / registry password is stored. */
  credentialsSet: boolean;
  running?: RunningState;
  /** The last catch-up check of this component (engine memory; absent before the first). */
  lastCheck?: CatchUpCheck;
  createdAt: string;
  updatedAt: string;
}
export type DeploySettings = z.infer<typeof deploySettings>;
export type ComponentSource = z.infer<typeof componentSource>;
export type HttpProbe = z.infer<typeof httpProbe>;
