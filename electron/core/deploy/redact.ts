/**
 * Keeps secrets out of deploy logs: credentials in URLs, Authorization headers, and any
 * secret value the job knows about (git token, registry password).
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
const AUTH_HEADER = /(authorization:\s*)(basic|bearer|token)\s+\S+/gi;

export function redactUrl(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Array<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    // very short values would blank out ordinary words; the schema asks for longer ones anyway
    if (secret && secret.length >= 4) {
      this.secrets.add(secret);
      this.secrets.add(Buffer.from(secret).toString('base64'));
    }
  }

  apply(text: string): string {
    let out = redactUrl(text).replace(AUTH_HEADER, '$1$2 ***');
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}
