import { describe, expect, it } from 'vitest';

import { parseFeedText } from './feed-entries';

const RSS = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>News</title><link>https://news.example/</link><description>d</description>
<item><title>First</title><link>https://news.example/1</link><guid>n-1</guid><description>One</description>
<pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate><dc:creator>Ann</dc:creator></item>
<item><title>No guid</title><link>https://news.example/2</link></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Blog</title><id>urn:blog</id><updated>2026-12-01T08:00:00Z</updated><author><name>Bo</name></author>
<entry><title>Post</title><id>urn:post:1</id><link rel="alternate" href="https://blog.example/p1"/>
<updated>2026-12-01T09:00:00Z</updated><summary>Short</summary></entry></feed>`;

const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://old.example/"><title>Old</title><link>https://old.example/</link><description>x</description></channel>
<item rdf:about="https://old.example/a"><title>A</title><link>https://old.example/a</link><dc:date>2026-11-30T10:00:00Z</dc:date></item>
</rdf:RDF>`;

describe('parseFeedText', () => {
  it('reads RSS 2.0 with guids, dates and dc:creator', () => {
    const feed = parseFeedText(RSS, 'https://news.example/rss');
    expect(feed.format).toBe('rss');
    expect(feed.entries[0]).toMatchObject({
      id: 'n-1',
      title: 'First',
      url: 'https://news.example/1',
      summary: 'One',
      author: 'Ann',
      feed_title: 'News',
      published: '2026-12-01T08:00:00.000Z',
    });
    expect(feed.entries[1].id).toBe('https://news.example/2');
  });

  it('reads Atom, taking the feed author when the entry has none', () => {
    const feed = parseFeedText(ATOM, 'u');
    expect(feed.entries[0]).toMatchObject({
      id: 'urn:post:1',
      url: 'https://blog.example/p1',
      author: 'Bo',
      summary: 'Short',
    });
    expect(feed.entries[0].published).toBe('2026-12-01T09:00:00.000Z');
  });

  it('reads RDF (RSS 1.0)', () => {
    const feed = parseFeedText(RDF, 'u');
    expect(feed.format).toBe('rdf');
    expect(feed.entries[0]).toMatchObject({
      id: 'https://old.example/a',
      title: 'A',
      published: '2026-11-30T10:00:00.000Z',
    });
  });

  it('refuses what is not a feed', () => {
    expect(() => parseFeedText('<html><body>hi</body></html>', 'u')).toThrow(/not an RSS, Atom or RDF feed/);
    expect(() => parseFeedText('<rss><channel><item>', 'u')).toThrow();
  });
});
