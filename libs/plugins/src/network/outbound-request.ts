import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type BlockList, isIP, type LookupFunction } from 'node:net';

import { ErrorCode, HubError, isHubError } from '@hub/common';

import { classifyAddress, inRanges, rangeList } from './address-class';

/**
 * Where requests made on a caller's behalf may go (`http.*`, and every plugin that fetches a URL
 * it was given). The hub sits inside the home network, so a URL is a way into it: loopback,
 * link-local (cloud metadata at 169.254.169.254) and other special addresses are refused unless
 * `allowed_ranges` lists them; LAN ranges are allowed by default (reaching home devices is the
 * point); public addresses are for administrators only when `allow_public` is on.
 */
export interface OutboundRules {
  /** CIDR ranges (or single addresses) anyone allowed to run the action may reach. */
  allowed_ranges: string[];
  /** Administrators may also reach public addresses. */
  allow_public: boolean;
  /**
   * Everyone may reach public addresses (with `allow_public`), not only administrators: for
   * plugins whose URLs normally point at the internet (rss.parse_feed), where the LAN is the
   * part to protect.
   */
  users_reach_public?: boolean;
}

export const DEFAULT_ALLOWED_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

export class OutboundPolicy {
  private readonly allowed: BlockList;

  constructor(private readonly rules: OutboundRules) {
    this.allowed = rangeList(rules.allowed_ranges);
  }

  /** Throws a 403 HubError unless `address` (an IP) may be reached by this caller. */
  assertAllowed(address: string, asAdmin: boolean): void {
    if (inRanges(this.allowed, address)) return;
    const kind = classifyAddress(address);
    if (kind === 'public' && (asAdmin || this.rules.users_reach_public) && this.rules.allow_public) return;
    const why =
      kind === 'public' && !asAdmin
        ? 'users who are not administrators reach only http.allowed_ranges'
        : kind === 'public'
          ? 'public addresses are off (http.allow_public)'
          : `${kind} addresses are refused unless http.allowed_ranges lists them`;
    throw HubError.forbidden(`Refused to connect to ${address}: ${why}`);
  }

  /**
   * A DNS lookup for sockets that refuses any resolved address the policy does not allow, so
   * the check holds for the address actually connected to (no rebinding between check and use).
   */
  lookup(asAdmin: boolean): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        try {
          for (const { address } of addresses) this.assertAllowed(address, asAdmin);
        } catch (refused) {
          return callback(refused as NodeJS.ErrnoException, '', 0);
        }
        if ((options as { all?: boolean }).all)
          return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      });
    };
  }

  /** For a URL whose host is an IP literal (no lookup happens for those). */
  assertUrl(url: URL, asAdmin: boolean): void {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0) this.assertAllowed(host, asAdmin);
  }
}

export interface OutboundRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Largest response body read; more fails the request. */
  maxBytes: number;
  asAdmin: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: URL;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
  }
}

/** One request under the policy, redirects followed by hand so each hop is checked again. */
export async function outboundRequest(
  policy: OutboundPolicy,
  req: OutboundRequest,
): Promise<OutboundResponse> {
  let { method, url, body } = req;
  const headers = { ...req.headers };
  for (let hop = 0; ; hop++) {
    policy.assertUrl(url, req.asAdmin);
    const res = await once(policy, { ...req, method, url, body, headers });
    const location = res.message.headers.location;
    if (!REDIRECTS.has(res.message.statusCode ?? 0) || !location) {
      const data = await readCapped(res.message, req.maxBytes);
      return { status: res.message.statusCode ?? 0, headers: flatHeaders(res.message), body: data, url };
    }
    res.message.resume();
    if (hop >= MAX_REDIRECTS)
      throw HubError.badRequest(`${url.origin}: more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw HubError.badRequest(`${url.origin}: redirect to a ${next.protocol} URL refused`);
    }
    const status = res.message.statusCode ?? 0;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    // Credentials are for the host they were given to.
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

function once(policy: OutboundPolicy, req: OutboundRequest): Promise<{ message: IncomingMessage }> {
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      req.url,
      {
        method: req.method,
        headers:
          req.body !== undefined
            ? { ...req.headers, 'content-length': Buffer.byteLength(req.body) }
            : req.headers,
        signal: req.signal,
        lookup: policy.lookup(req.asAdmin),
        // Each hop resolves its own name through the policy's lookup: no pooled sockets.
        agent: false,
      },
      (message) => resolve({ message }),
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function flatHeaders(message: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function readCapped(message: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(message.headers['content-length']) > limit) {
    message.destroy();
    throw new ResponseTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      message.destroy();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * What an outbound request failure means for the caller: the policy's 403 as it is, 504 for no
 * answer in time, 502 for the rest. The message names the origin and path, never the query
 * (tokens often live there).
 */
export function outboundError(err: unknown, url: URL, seconds: number): HubError {
  const where = `${url.origin}${url.pathname}`;
  if (isHubError(err)) return err;
  const refused = (err as { cause?: unknown })?.cause;
  if (isHubError(refused)) return refused;
  if (err instanceof ResponseTooLarge)
    return new HubError(ErrorCode.ActionFailed, `${where}: ${err.message}`);
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HubError(ErrorCode.Timeout, `${where}: no answer within ${seconds} s`);
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = (err as { code?: string })?.code;
  const detail = cause?.code ?? code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new HubError(ErrorCode.ActionFailed, `${where}: request failed (${detail})`, { cause: err });
}
