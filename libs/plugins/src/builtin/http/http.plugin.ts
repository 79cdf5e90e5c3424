import { z } from 'zod';

import { hasAdminRole } from '@hub/auth';
import { HubError } from '@hub/common';

import {
  DEFAULT_ALLOWED_RANGES,
  outboundError,
  OutboundPolicy,
  outboundRequest,
  type OutboundResponse,
} from '../../network/outbound-request';
import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';

/** `http:` section of config.yaml. */
export const httpPluginConfigSchema = z.strictObject({
  /** Default seconds before a request is abandoned. */
  timeout_seconds: z.number().positive().default(20),
  /** Largest response body read, in bytes; larger ones fail the action. */
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /**
   * Address ranges (CIDR) requests may reach, checked after DNS and on every redirect: the LAN
   * by default. Loopback and link-local addresses are refused unless listed here.
   */
  allowed_ranges: z
    .array(z.string().regex(/^[0-9a-fA-F.:]+(\/\d{1,3})?$/, 'a CIDR range like 192.168.0.0/16'))
    .default(DEFAULT_ALLOWED_RANGES),
  /** Whether administrators (and automations) may reach public addresses. */
  allow_public: z.boolean().default(true),
});
type HttpOptions = z.output<typeof httpPluginConfigSchema>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const url = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const base = {
  url,
  headers: z.record(z.string(), z.string()).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  json: z.unknown().optional().describe('sent as a JSON body'),
  body: z.string().optional().describe('sent as is'),
  timeout: z.number().positive().optional().describe('seconds'),
};
const requestArgs = z.strictObject({ ...base, method: z.enum(METHODS).default('GET') });
const shortArgs = z.strictObject(base);
const result = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown().describe('parsed JSON when the reply is JSON, else text'),
});
type RequestArgs = z.output<typeof requestArgs>;

/** Outgoing HTTP requests (platypush `http.requests`-like). */
@Plugin({
  name: 'http',
  doc: 'Make HTTP requests: JSON replies are parsed, others returned as text.',
  config: httpPluginConfigSchema,
  // Requests leave from the hub's machine, inside the home network.
  role: 'admin',
})
export class HttpPlugin {
  @Action({
    doc: 'Any method: {method, url, headers?, params?, json?, body?, timeout?}.',
    args: requestArgs,
    returns: result,
  })
  request(args: RequestArgs, ctx: ActionContext<HttpOptions>) {
    return send(args, ctx);
  }

  @Action({ doc: 'GET a URL.', args: shortArgs, returns: result })
  get(args: z.output<typeof shortArgs>, ctx: ActionContext<HttpOptions>) {
    return send({ ...args, method: 'GET' }, ctx);
  }

  @Action({ doc: 'POST to a URL (`json` or `body`).', args: shortArgs, returns: result })
  post(args: z.output<typeof shortArgs>, ctx: ActionContext<HttpOptions>) {
    return send({ ...args, method: 'POST' }, ctx);
  }
}

async function send(args: RequestArgs, ctx: ActionContext<HttpOptions>) {
  if (args.json !== undefined && args.body !== undefined) {
    throw HubError.badRequest('give either json or body, not both', ['json: conflicts with body']);
  }
  const target = new URL(args.url);
  for (const [k, v] of Object.entries(args.params ?? {})) target.searchParams.append(k, String(v));
  const headers = new Headers(args.headers);
  let body: string | undefined = args.body;
  if (args.json !== undefined) {
    body = JSON.stringify(args.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const seconds = args.timeout ?? ctx.options.timeout_seconds;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(seconds * 1000)]);
  const identity = ctx.caller.identity;
  let response: OutboundResponse;
  try {
    response = await outboundRequest(policyFor(ctx.options), {
      method: args.method,
      url: target,
      headers: Object.fromEntries(headers),
      body,
      signal,
      maxBytes: ctx.options.max_response_bytes,
      asAdmin: !identity || hasAdminRole(identity),
    });
  } catch (err) {
    throw outboundError(err, target, seconds);
  }
  const raw = response.body;
  const type = response.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  let parsed: unknown = text;
  if (/[/+]json\b/i.test(type) && text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text; // a server lying about its content type still gives its text back
    }
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

const policies = new WeakMap<HttpOptions, OutboundPolicy>();
function policyFor(options: HttpOptions): OutboundPolicy {
  let policy = policies.get(options);
  if (!policy) policies.set(options, (policy = new OutboundPolicy(options)));
  return policy;
}
