import { join } from 'node:path';

import { z } from 'zod';

import { hasAdminRole } from '@hub/auth';
import { ErrorCode, HubError } from '@hub/common';

import { outboundError, OutboundPolicy, outboundRequest } from '../../network/outbound-request';
import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext, PluginContext } from '../../plugin-context';
import { type BackgroundPlugin, type PluginState, stateNow } from '../../plugin-lifecycle';
import { fetchText, safeUrl } from '../fetch-text';
import { parseFeedText } from './feed-entries';
import { FeedStore, newestFirst } from './feed-store';

const feedUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** `rss:` section of config.yaml (platypush's keys, plus limits). */
export const rssConfigSchema = z.strictObject({
  /** Feed URLs (or {url, title}) polled every poll_seconds. */
  subscriptions: z
    .array(z.union([feedUrl, z.strictObject({ url: feedUrl, title: z.string().optional() })]))
    .default([]),
  poll_seconds: z.number().min(0.5).default(300),
  timeout_seconds: z.number().positive().max(120).default(20),
  /** Larger feeds are refused (logged, in the state), never parsed. */
  max_bytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** Entries kept per feed for get_latest_entries. */
  max_entries: z.number().int().min(1).max(10_000).default(200),
  /**
   * Where a URL given to `rss.parse_feed` may go besides public addresses (CIDR ranges): none by
   * default, so a caller cannot make the hub fetch from the LAN, loopback or link-local
   * addresses. Checked after DNS and on every redirect. `subscriptions` come from the owner and
   * are not checked.
   */
  allowed_ranges: z
    .array(z.string().regex(/^[0-9a-fA-F.:]+(\/\d{1,3})?$/, 'a CIDR range like 192.168.0.0/16'))
    .default([]),
});
type RssOptions = z.output<typeof rssConfigSchema>;

const entry = z.object({
  feed_url: z.string(),
  feed_title: z.string().nullable(),
  id: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  summary: z.string().nullable(),
  content: z.string().nullable(),
  author: z.string().nullable(),
  published: z.string().nullable(),
  updated: z.string().nullable(),
});

interface FeedStatus {
  lastPoll: string | null;
  error: string | null;
}

/** platypush `rss`: subscriptions polled with conditional GETs, entries stored, NewFeedEntryEvent. */
@Plugin({
  name: 'rss',
  doc: 'RSS 2.0, Atom and RDF feeds: subscriptions polled with conditional GETs; each new entry posts NewFeedEntryEvent once.',
  config: rssConfigSchema,
  enabledByDefault: false,
})
export class RssPlugin implements BackgroundPlugin<RssOptions> {
  private store: FeedStore | null = null;
  private options: RssOptions | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly status = new Map<string, FeedStatus>();

  start(ctx: PluginContext<RssOptions>): void {
    this.options = ctx.options;
    this.stopped = false;
    this.store = new FeedStore(join(ctx.paths.workdir, 'rss', 'feeds.json'));
    for (const url of this.urls()) this.status.set(url, { lastPoll: null, error: null });
    if (this.urls().length > 0) this.schedule(ctx, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }

  state(): Record<string, PluginState> {
    return Object.fromEntries(
      [...this.status].map(([url, s]) => [
        safeUrl(url),
        s.error
          ? stateNow('error', { error: s.error, last_poll: s.lastPoll })
          : stateNow(s.lastPoll ? 'connected' : 'connecting', { last_poll: s.lastPoll }),
      ]),
    );
  }

  @Action({
    doc: 'The newest `limit` stored entries of every subscription, newest first.',
    args: z.strictObject({ limit: z.number().int().min(1).max(10_000).default(20) }),
    returns: z.array(entry),
  })
  get_latest_entries(args: { limit: number }) {
    const all = (this.store?.all() ?? []).flatMap(([, feed]) => feed.entries);
    return all
      .sort(newestFirst)
      .slice(0, args.limit)
      .map(({ fetched_at: _f, ...e }) => e);
  }

  @Action({
    doc: 'Fetch and parse one feed now (not stored): {feed_url, title, description, link, format, entries}.',
    args: z.strictObject({ url: feedUrl }),
    returns: z.object({
      feed_url: z.string(),
      title: z.string().nullable(),
      description: z.string().nullable(),
      link: z.string().nullable(),
      format: z.enum(['rss', 'atom', 'rdf']),
      entries: z.array(entry),
    }),
  })
  async parse_feed(args: { url: string }, ctx: ActionContext<RssOptions>) {
    const url = new URL(args.url);
    const seconds = ctx.options.timeout_seconds;
    const identity = ctx.caller.identity;
    let text: string;
    try {
      // The caller's URL goes through the outbound policy (docs/security.md, network policy).
      const response = await outboundRequest(this.policy(ctx.options), {
        method: 'GET',
        url,
        headers: { accept: FEED_ACCEPT, 'user-agent': 'hub' },
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(seconds * 1000)]),
        maxBytes: ctx.options.max_bytes,
        asAdmin: !identity || hasAdminRole(identity),
      });
      if (response.status >= 400) {
        throw new HubError(ErrorCode.ActionFailed, `${safeUrl(args.url)}: HTTP ${response.status}`);
      }
      text = response.body.toString('utf8');
    } catch (err) {
      throw outboundError(err, url, seconds);
    }
    return parseFeedText(text, args.url);
  }

  private readonly policies = new WeakMap<RssOptions, OutboundPolicy>();
  private policy(options: RssOptions): OutboundPolicy {
    let policy = this.policies.get(options);
    if (!policy) {
      policy = new OutboundPolicy({
        allowed_ranges: options.allowed_ranges,
        allow_public: true,
        users_reach_public: true,
      });
      this.policies.set(options, policy);
    }
    return policy;
  }

  @Action({
    doc: 'The subscriptions with their title, last poll and last error.',
    args: z.strictObject({}),
    returns: z.array(z.record(z.string(), z.unknown())),
  })
  get_feeds() {
    return this.urls().map((url) => ({
      url,
      title: this.store?.get(url)?.title ?? null,
      last_poll: this.status.get(url)?.lastPoll ?? null,
      error: this.status.get(url)?.error ?? null,
      entries: this.store?.get(url)?.entries.length ?? 0,
    }));
  }

  private urls(): string[] {
    return (this.options?.subscriptions ?? []).map((s) => (typeof s === 'string' ? s : s.url));
  }

  private limits(options: RssOptions) {
    return { timeoutMs: options.timeout_seconds * 1000, maxBytes: options.max_bytes };
  }

  private schedule(ctx: PluginContext<RssOptions>, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollAll(ctx).finally(() => {
        this.polling = null;
        this.schedule(ctx, ctx.options.poll_seconds * 1000);
      });
    }, delayMs);
  }

  /** Polls every feed at once; one that fails or hangs only delays itself (its timeout). */
  private async pollAll(ctx: PluginContext<RssOptions>): Promise<void> {
    await Promise.all(this.urls().map((url) => this.poll(url, ctx)));
  }

  private async poll(url: string, ctx: PluginContext<RssOptions>): Promise<void> {
    const store = this.store!;
    const status = this.status.get(url)!;
    try {
      const previous = store.get(url) ?? null;
      const fetched = await fetchText(url, this.limits(ctx.options), previous, FEED_ACCEPT);
      if (this.stopped) return;
      const cache = { etag: fetched.etag, lastModified: fetched.lastModified };
      if (fetched.text === null) {
        store.touch(url, cache);
      } else {
        const feed = parseFeedText(fetched.text, url);
        const fresh = store.merge(url, feed.title, feed.entries, cache, ctx.options.max_entries);
        store.write(); // before posting: an entry announced is never announced again
        for (const e of [...fresh].reverse()) {
          ctx.post('NewFeedEntryEvent', {
            feed_url: e.feed_url,
            url: e.url,
            title: e.title,
            id: e.id,
            feed_title: e.feed_title,
            published: e.published,
            summary: e.summary,
            author: e.author,
          });
        }
      }
      status.error = null;
    } catch (err) {
      status.error = (err as Error).message.slice(0, 300);
      ctx.log.warn({ feed: safeUrl(url), error: status.error }, 'rss: poll failed');
    } finally {
      status.lastPoll = new Date().toISOString();
    }
  }
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, */*;q=0.5';
