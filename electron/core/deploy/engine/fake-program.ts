/**
 * What the in-memory engine (fake-engine.ts) "runs": a container command or health check is
 * read as a tiny shell script, enough for the programs tests give containers — `echo` (to
 * stdout, or stderr with `>&2`) with `$VAR` from the environment, `exit N`, `true`, `false`;
 * anything else (`trap`, `sleep`, `httpd`, `wait`, ...) means "keeps running". And a build
 * context (a tar stream) is read for its Dockerfile's CMD, LABEL and HEALTHCHECK lines.
 */

export interface ProgramRun {
  stdout: string[];
  stderr: string[];
  /** The exit code when the script ends by itself; undefined: it keeps running. */
  exitCode?: number;
}

const expand = (text: string, env: Record<string, string>): string => text.replace(/\$(\w+)|\$\{(\w+)\}/g, (_, a: string, b: string) => env[a ?? b] ?? '');
const unquote = (text: string): string => text.replace(/^'(.*)'$|^"(.*)"$/, (_, a: string, b: string) => a ?? b);

/** `['/bin/sh', '-c', script]` or a plain argv (joined) → the script text. */
export function scriptOf(command: string[]): string {
  if (command.length >= 3 && /(^|\/)sh$/.test(command[0]) && command[1] === '-c') return command.slice(2).join(' ');
  if (command[0] === 'CMD-SHELL') return command.slice(1).join(' ');
  if (command[0] === 'CMD') return command.slice(1).join(' ');
  return command.join(' ');
}

/** Run the script's statements in order until one exits. */
export function runScript(script: string, env: Record<string, string>): ProgramRun {
  const out: ProgramRun = { stdout: [], stderr: [] };
  let last = 0;
  for (const raw of script.split(/;|&&|\n/)) {
    const stmt = raw.trim();
    if (!stmt) continue;
    const [word = '', ...rest] = stmt.split(/\s+/);
    if (word === 'echo') {
      const toErr = /\s*>&2\s*$/.test(stmt);
      const text = unquote(expand(stmt.replace(/^echo\s*/, '').replace(/\s*>&2\s*$/, ''), env));
      (toErr ? out.stderr : out.stdout).push(text);
      last = 0;
    } else if (word === 'exit') {
      return { ...out, exitCode: Number(rest[0] ?? last) || 0 };
    } else if (word === 'true') {
      last = 0;
    } else if (word === 'false') {
      last = 1;
    } else {
      // a long-running program: the script does not end by itself
      return out;
    }
  }
  return { ...out, exitCode: last };
}

/** Files of an uncompressed tar stream (ustar headers), as text. */
export async function readTar(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const tar = Buffer.concat(chunks);
  const files = new Map<string, string>();
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === '0' || type === '\0') files.set((prefix ? `${prefix}/${name}` : name).replace(/^\.\//, ''), tar.subarray(at + 512, at + 512 + size).toString('utf8'));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export interface DockerfileFacts {
  from?: string;
  cmd?: string[];
  labels: Record<string, string>;
  healthcheck?: { test: string[]; intervalMs: number; retries: number };
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const toMs = (d: string): number => {
  const m = DURATION.exec(d);
  if (!m) return 30_000;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
};
/** `["a","b"]` (exec form) or `a b` (shell form). */
const commandOf = (text: string): string[] => (text.trim().startsWith('[') ? (JSON.parse(text) as string[]) : ['/bin/sh', '-c', text.trim()]);

/** The few Dockerfile instructions the fake engine acts on. Throws on an unknown instruction. */
export function readDockerfile(text: string): DockerfileFacts {
  const facts: DockerfileFacts = { labels: {} };
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction = '', ...restWords] = line.split(/\s+/);
    const rest = line.slice(instruction.length).trim();
    switch (instruction.toUpperCase()) {
      case 'FROM':
        facts.from = restWords[0];
        break;
      case 'CMD':
        facts.cmd = commandOf(rest);
        break;
      case 'LABEL':
        for (const m of rest.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) facts.labels[m[1]] = unquote(m[2]);
        break;
      case 'HEALTHCHECK': {
        if (/^NONE$/i.test(rest)) break;
        const options = [...rest.matchAll(/--([\w-]+)=(\S+)/g)];
        const cmd = rest.replace(/^(--[\w-]+=\S+\s+)*/, '').replace(/^CMD\s+/i, '');
        const opt = (name: string): string | undefined => options.find((o) => o[1] === name)?.[2];
        facts.healthcheck = { test: ['CMD-SHELL', scriptOf(commandOf(cmd))], intervalMs: toMs(opt('interval') ?? '30s'), retries: Number(opt('retries') ?? 3) };
        break;
      }
      case 'COPY':
      case 'ADD':
      case 'ENV':
      case 'RUN':
      case 'WORKDIR':
      case 'EXPOSE':
      case 'ARG':
      case 'USER':
      case 'ENTRYPOINT':
        break;
      default:
        throw new Error(`unknown instruction: ${instruction}`);
    }
  }
  if (!facts.from) throw new Error('no FROM instruction');
  return facts;
}
