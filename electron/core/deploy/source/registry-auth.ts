/**
 * Registry credentials: the component's own (username + sealed password), else what the user's
 * `docker login` left in ~/.docker/config.json (an `auths` entry, or a credential helper).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB } from '../../../../shared/image-ref';

export interface Credentials {
  username: string;
  password: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** The host part of a config.json key (`https://host/v1/` → `host`). */
const keyHost = (key: string): string => key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();

export function dockerConfigDir(): string {
  return process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
}

function fromAuthEntry(entry: { auth?: string; username?: string; password?: string }): Credentials | undefined {
  if (entry.auth) {
    const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = plain.indexOf(':');
    if (colon > 0) return { username: plain.slice(0, colon), password: plain.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

function credentialHelper(helper: string, server: string): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], timeout: 10_000 });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
        resolve(parsed.Username && parsed.Secret ? { username: parsed.Username, password: parsed.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.end(server);
  });
}

/** Credentials for a registry domain from config.json; notes what was used (never the secret). */
export async function dockerConfigCredentials(domain: string, note: (line: string) => void, configDir = dockerConfigDir()): Promise<Credentials | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const wanted = domain === DOCKER_HUB ? HUB_KEYS.map(keyHost) : [domain.toLowerCase()];
  const helper = config.credHelpers?.[domain] ?? (domain === DOCKER_HUB ? config.credHelpers?.['index.docker.io'] : undefined);
  if (helper || config.credsStore) {
    const name = helper ?? config.credsStore ?? '';
    const server = domain === DOCKER_HUB ? HUB_KEYS[0] : domain;
    const creds = await credentialHelper(name, server);
    if (creds) {
      note(`registry: using credentials for ${domain} from docker-credential-${name}`);
      return creds;
    }
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!wanted.includes(keyHost(key))) continue;
    const creds = fromAuthEntry(entry);
    if (creds) {
      note(`registry: using the docker login credentials for ${domain} (user ${creds.username})`);
      return creds;
    }
    if (entry.identitytoken) note(`registry: ${domain} has an identity token in config.json, which is not supported; trying anonymously`);
  }
  return undefined;
}
