import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, execute, run, TOKEN_CONFIG } from './support/execute-client';
import { type FixtureServer, startFixtureServer, withEtag } from './support/services/fixture-server';
import { bootHub, tempDirs, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

const tempDir = tempDirs('hub-rss-');

interface Item {
  guid: string;
  title: string;
  date: string;
}

const rss = (items: Item[]) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Town News</title><link>https://town.example/</link><description>News</description>
${items
  .map(
    (i) =>
      `<item><title>${i.title}</title><link>https://town.example/${i.guid}</link><guid>${i.guid}</guid><description>About ${i.title}</description><pubDate>${new Date(i.date).toUTCString()}</pubDate><dc:creator>Editor</dc:creator></item>`,
  )
  .join('\n')}
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Blog</title><id>urn:blog</id><updated>2026-11-29T10:00:00Z</updated><author><name>Bo</name></author>
<entry><title>Atom post</title><id>urn:post:1</id><link href="https://blog.example/1"/><updated>2026-11-29T10:00:00Z</updated><summary>Hi</summary></entry>
</feed>`;

const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://old.example/"><title>Old</title><link>https://old.example/</link><description>x</description></channel>
<item rdf:about="https://old.example/a"><title>RDF item</title><link>https://old.example/a</link><dc:date>2026-11-28T10:00:00Z</dc:date></item>
</rdf:RDF>`;

interface Entry {
  id: string;
  title: string;
  feed_title: string;
  feed_url: string;
  published: string;
  url: string;
  author: string;
}

describe('rss plugin against a local feed server', () => {
  let server: FixtureServer;
  let items: Item[];
  let dir: string;
  let hub: TestHub;
  let config: string;

  const feedsPolledAfter = async (hub: TestHub, since: string) =>
    waitFor(
      async () => {
        const feeds = (await run(hub, 'rss.get_feeds')) as Array<{ last_poll: string | null }>;
        return feeds.every((f) => f.last_poll !== null && f.last_poll > since);
      },
      { timeoutMs: 10_000, what: 'every feed polled' },
    );

  beforeAll(async () => {
    items = [
      { guid: 'n2', title: 'Second', date: '2026-11-30T12:00:00Z' },
      { guid: 'n1', title: 'First', date: '2026-11-30T08:00:00Z' },
    ];
    server = await startFixtureServer({
      '/news.rss': withEtag(() => rss(items), 'application/rss+xml'),
      '/blog.atom': withEtag(() => ATOM, 'application/atom+xml'),
      '/old.rdf': (_req, res) => res.writeHead(200, { 'content-type': 'application/rdf+xml' }).end(RDF),
      '/broken.xml': (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/xml' }).end('<rss><channel><item><title>cut'),
      '/never.xml': () => undefined,
      '/huge.xml': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(
          rss(
            Array.from({ length: 3000 }, (_, i) => ({
              guid: `h${i}`,
              title: `Huge ${i}`,
              date: '2026-11-01T00:00:00Z',
            })),
          ),
        );
      },
    });
    dir = tempDir();
    config = `${TOKEN_CONFIG}
rss:
  poll_seconds: 0.5
  timeout_seconds: 1
  max_bytes: 200000
  allowed_ranges: [127.0.0.1/32]    # rss.parse_feed reaches the local fixture server
  subscriptions:
    - ${server.url}/news.rss
    - url: ${server.url}/blog.atom
    - ${server.url}/old.rdf
    - ${server.url}/broken.xml
    - ${server.url}/never.xml
    - ${server.url}/huge.xml
`;
    hub = await bootHub({ config, dir });
    await feedsPolledAfter(hub, '');
  });
  afterAll(async () => {
    await hub?.stop();
    await server?.stop();
  });

  it('stores RSS, Atom and RDF entries; get_latest_entries answers newest first', async () => {
    const entries = (await run(hub, 'rss.get_latest_entries', { limit: 10 })) as Entry[];
    expect(entries.map((e) => e.title)).toEqual(['Second', 'First', 'Atom post', 'RDF item']);
    expect(entries[0]).toMatchObject({
      id: 'n2',
      feed_title: 'Town News',
      feed_url: `${server.url}/news.rss`,
      url: 'https://town.example/n2',
      author: 'Editor',
      published: '2026-11-30T12:00:00.000Z',
    });
    expect(((await run(hub, 'rss.get_latest_entries', { limit: 1 })) as Entry[]).map((e) => e.id)).toEqual([
      'n2',
    ]);
  });

  it('polls with conditional GETs (304 when nothing changed)', async () => {
    const news = () => server.requests.filter((r) => r.path === '/news.rss');
    await waitFor(() => news().length >= 3, { what: 'three polls of news.rss' });
    expect(
      news()
        .slice(1)
        .every((r) => r.ifNoneMatch !== undefined),
    ).toBe(true);
  });

  it('reports broken, silent and oversized feeds and keeps polling the others', async () => {
    const feeds = (await run(hub, 'rss.get_feeds')) as Array<{ url: string; error: string | null }>;
    const error = (path: string) => feeds.find((f) => f.url.endsWith(path))?.error;
    expect(error('/broken.xml')).toMatch(/not an RSS, Atom or RDF feed/);
    expect(error('/never.xml')).toMatch(/no answer within 1 s/);
    expect(error('/huge.xml')).toMatch(/larger than 200000 bytes/);
    expect(error('/news.rss')).toBeNull();
    const state = (
      (await (await hub.fetch('/api/v1/plugins/rss', { headers: AS_OWNER })).json()) as {
        state: Record<string, { status: string }>;
      }
    ).state;
    expect(state[`${server.url}/broken.xml`].status).toBe('error');
  });

  it('posts NewFeedEntryEvent once per new entry', async () => {
    const seen = collectEvents(hub, 'NewFeedEntryEvent');
    const event = nextEvent(hub, 'NewFeedEntryEvent', (e) => e.args.id === 'n3');
    items = [{ guid: 'n3', title: 'Third', date: '2026-12-01T07:00:00Z' }, ...items];
    expect((await event).args).toEqual({
      type: 'NewFeedEntryEvent',
      feed_url: `${server.url}/news.rss`,
      url: 'https://town.example/n3',
      title: 'Third',
      id: 'n3',
      feed_title: 'Town News',
      published: '2026-12-01T07:00:00.000Z',
      summary: 'About Third',
      author: 'Editor',
    });
    const after = new Date().toISOString();
    await feedsPolledAfter(hub, after); // two more polls saw n3 again
    await feedsPolledAfter(hub, new Date().toISOString());
    seen.stop();
    expect(seen.events.map((e) => (e.args as { id?: string }).id)).toEqual(['n3']);
  });

  it('never replays entries after a restart, and announces the ones that are new', async () => {
    await hub.stop();
    hub = await bootHub({ config, dir });
    const seen = collectEvents(hub, 'NewFeedEntryEvent');
    await feedsPolledAfter(hub, '');
    await feedsPolledAfter(hub, new Date().toISOString());
    expect(seen.events).toEqual([]);
    expect(((await run(hub, 'rss.get_latest_entries', { limit: 1 })) as Entry[])[0].id).toBe('n3');
    const event = nextEvent(hub, 'NewFeedEntryEvent', (e) => e.args.id === 'n4');
    items = [{ guid: 'n4', title: 'Fourth', date: '2026-12-01T08:00:00Z' }, ...items];
    await event;
    seen.stop();
    expect(seen.events.map((e) => (e.args as { id?: string }).id)).toEqual(['n4']);
  });

  it('parses one feed on request, and answers 502 for a malformed one', async () => {
    const feed = (await run(hub, 'rss.parse_feed', { url: `${server.url}/blog.atom` })) as {
      format: string;
      title: string;
      entries: Entry[];
    };
    expect(feed).toMatchObject({ format: 'atom', title: 'Blog' });
    expect(feed.entries[0]).toMatchObject({ id: 'urn:post:1', author: 'Bo' });
    const broken = await execute(hub, {
      action: 'rss.parse_feed',
      args: { url: `${server.url}/broken.xml` },
    });
    expect(broken.status).toBe(502);
    expect(
      (await execute(hub, { action: 'rss.parse_feed', args: { url: 'file:///etc/passwd' } })).status,
    ).toBe(400);
  });
});

describe('rss config', () => {
  it('is off until configured and refuses a non-http subscription with its line', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      expect((await execute(hub, { action: 'rss.get_latest_entries' })).status).toBe(404);
    } finally {
      await hub.stop();
    }
    const failure = await bootHub({
      config: `${TOKEN_CONFIG}rss:\n  subscriptions:\n    - ftp://x/feed\n`,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toMatch(/rss\.subscriptions\.0: .*\(config\.yaml:4\)/);
  });
});
