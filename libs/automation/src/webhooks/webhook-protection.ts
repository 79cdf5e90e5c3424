import { createHmac } from 'node:crypto';

import { z } from 'zod';

import { constantTimeEqual, redactQueryParameter } from '@hub/common';

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const secretRef = z.strictObject({
  /** Header or query parameter name. */
  name: z.string().min(1).max(128),
  /** The expected value (use `${ENV_VAR}` in config.yaml to keep it out of the file). */
  value: z.string().min(1),
});

/** `webhook:` of a hook: how `/hook/<name>` is protected. Every declared check must pass. */
export const webhookProtectionSchema = z.strictObject({
  /** Allowed methods; others answer 405. Default: all of GET POST PUT PATCH DELETE. */
  methods: z
    .array(
      z
        .string()
        .transform((m) => m.toUpperCase())
        .pipe(z.enum(WEBHOOK_METHODS)),
    )
    .min(1)
    .optional(),
  /** A header that must carry a secret value. */
  secret_header: secretRef.optional(),
  /** A query parameter that must carry a secret value. */
  secret_query: secretRef.optional(),
  /** An HMAC-SHA256 signature of the raw body. */
  hmac: z
    .strictObject({
      /** Several secrets are accepted at once, for rotation. */
      secrets: z.array(z.string().min(1)).min(1),
      /**
       * `github`: `X-Hub-Signature-256: sha256=<hex HMAC of the raw body>`.
       * `timestamped`: `X-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<raw body>">`.
       */
      format: z.enum(['github', 'timestamped']).default('github'),
      /** Header carrying the signature; default by format. */
      header: z.string().min(1).optional(),
      /** `timestamped`: how old (or how far in the future) `t` may be. */
      window_seconds: z.number().positive().default(300),
    })
    .optional(),
});

export type WebhookProtectionConfig = z.output<typeof webhookProtectionSchema>;

/** The parts of a request the protection looks at. */
export interface WebhookRequestParts {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  rawBody: Buffer;
}

/** Signatures remembered per hook for replay detection; past it the oldest are forgotten first. */
const MAX_REMEMBERED_SIGNATURES = 10_000;

export class WebhookProtection {
  /** Timestamped signatures already accepted, until their window ends (ms): a replay is refused. */
  private readonly seenSignatures = new Map<string, number>();

  constructor(readonly config: WebhookProtectionConfig) {
    // Every hook (config, run-time, script) is built here: the request log never shows its secret.
    if (config.secret_query) redactQueryParameter(config.secret_query.name);
  }

  /** Names (lower-case headers, query keys) holding secrets: kept out of the posted event. */
  secretHeaders(): string[] {
    return this.config.secret_header ? [this.config.secret_header.name.toLowerCase()] : [];
  }
  secretQueryKeys(): string[] {
    return this.config.secret_query ? [this.config.secret_query.name] : [];
  }

  allowsMethod(method: string): boolean {
    return !this.config.methods || (this.config.methods as string[]).includes(method);
  }

  /**
   * What the headers and query alone can tell, before the body is read: the secret header and
   * query value, and that an HMAC signature header is there at all (fresh, when timestamped).
   * A caller failing this gets its 401 without the hub buffering its body.
   */
  verifyBeforeBody(req: Omit<WebhookRequestParts, 'rawBody'>, now = Date.now()): boolean {
    const { hmac } = this.config;
    let ok = this.verifySecrets(req);
    if (hmac) {
      const given = first(req.headers[(hmac.header ?? defaultHmacHeader(hmac.format)).toLowerCase()]) ?? '';
      if (given === '') ok = false;
      if (hmac.format === 'timestamped') {
        const t = /(?:^|,)\s*t=(\d{1,12})/.exec(given)?.[1];
        if (!t || Math.abs(now / 1000 - Number(t)) > hmac.window_seconds) ok = false;
      }
    }
    return ok;
  }

  private verifySecrets(req: Omit<WebhookRequestParts, 'rawBody'>): boolean {
    const { secret_header: header, secret_query: query } = this.config;
    let ok = true;
    if (header)
      ok = constantTimeEqual(first(req.headers[header.name.toLowerCase()]) ?? '', header.value) && ok;
    if (query) ok = constantTimeEqual(first(req.query[query.name]) ?? '', query.value) && ok;
    return ok;
  }

  /** Checks every declared secret in constant time; `now` in ms (for the replay window). */
  verify(req: WebhookRequestParts, now = Date.now()): boolean {
    const { secret_header: header, secret_query: query, hmac } = this.config;
    let ok = true;
    // Every check runs even after a failure, so the time taken does not say which one failed.
    if (header)
      ok = constantTimeEqual(first(req.headers[header.name.toLowerCase()]) ?? '', header.value) && ok;
    if (query) ok = constantTimeEqual(first(req.query[query.name]) ?? '', query.value) && ok;
    if (hmac) {
      ok =
        (hmac.format === 'github'
          ? verifyGithub(req, hmac.secrets, hmac.header ?? 'x-hub-signature-256')
          : verifyTimestamped(req, hmac.secrets, hmac.header ?? 'x-signature', hmac.window_seconds, now)) &&
        ok;
      if (ok && hmac.format === 'timestamped') ok = this.firstUse(req, hmac, now);
    }
    return ok;
  }

  /** A valid timestamped signature is accepted once: the same request sent again is a replay. */
  private firstUse(
    req: WebhookRequestParts,
    hmac: NonNullable<WebhookProtectionConfig['hmac']>,
    now: number,
  ): boolean {
    const signature = first(req.headers[(hmac.header ?? 'x-signature').toLowerCase()]) ?? '';
    for (const [seen, until] of this.seenSignatures) {
      if (until > now && this.seenSignatures.size < MAX_REMEMBERED_SIGNATURES) break;
      this.seenSignatures.delete(seen); // oldest first: Map keeps insertion order
    }
    if (this.seenSignatures.has(signature)) return false;
    // Twice the window: `t` may lie up to a window in the future as well as in the past.
    this.seenSignatures.set(signature, now + 2 * hmac.window_seconds * 1000);
    return true;
  }
}

function defaultHmacHeader(format: 'github' | 'timestamped'): string {
  return format === 'github' ? 'x-hub-signature-256' : 'x-signature';
}

function verifyGithub(req: WebhookRequestParts, secrets: string[], header: string): boolean {
  const given = first(req.headers[header.toLowerCase()]) ?? '';
  return anySecret(secrets, (secret) => `sha256=${hmacHex(secret, req.rawBody)}`, given);
}

function verifyTimestamped(
  req: WebhookRequestParts,
  secrets: string[],
  header: string,
  windowSeconds: number,
  now: number,
): boolean {
  const given = first(req.headers[header.toLowerCase()]) ?? '';
  const parts = new Map(
    given.split(',').map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
    }),
  );
  const t = parts.get('t') ?? '';
  const signature = parts.get('v1') ?? '';
  const fresh = /^\d{1,12}$/.test(t) && Math.abs(now / 1000 - Number(t)) <= windowSeconds;
  const signed = Buffer.concat([Buffer.from(`${t}.`), req.rawBody]);
  return anySecret(secrets, (secret) => hmacHex(secret, signed), signature) && fresh;
}

/** Compares against every secret (no early exit), so rotation does not leak which one matched. */
function anySecret(secrets: string[], expected: (secret: string) => string, given: string): boolean {
  let ok = false;
  for (const secret of secrets) ok = constantTimeEqual(given, expected(secret)) || ok;
  return ok;
}

function hmacHex(secret: string, data: Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}
