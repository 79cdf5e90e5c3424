import type * as Feedsmith from 'feedsmith';

import { lazyModule } from '@hub/common';

const feedsmith = lazyModule<typeof Feedsmith>('feedsmith');

/** One entry as platypush's rss plugin gives it (and NewFeedEntryEvent carries). */
export interface FeedEntry {
  feed_url: string;
  feed_title: string | null;
  id: string;
  url: string | null;
  title: string | null;
  summary: string | null;
  content: string | null;
  author: string | null;
  /** ISO-8601, or null when the feed gives no (readable) date. */
  published: string | null;
  updated: string | null;
}

export interface ParsedFeed {
  feed_url: string;
  title: string | null;
  description: string | null;
  link: string | null;
  format: 'rss' | 'atom' | 'rdf';
  entries: FeedEntry[];
}

type Loose = Record<string, unknown> | undefined;
/** A string, or an Atom text construct `{value}` (feedsmith's shape for title, summary, content). */
const str = (v: unknown): string | null => {
  const text = typeof v === 'object' && v !== null ? (v as { value?: unknown }).value : v;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
};
const iso = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};
/** The first of a list of people (`{name, email}`) or names (dc:creator). */
const firstAuthor = (authors: unknown): string | null => {
  const first: unknown = Array.isArray(authors) ? authors[0] : undefined;
  if (typeof first === 'string') return str(first);
  const person = first as Loose;
  return str(person?.name) ?? str(person?.email);
};

/**
 * RSS 2.0, Atom and RDF (RSS 1.0) normalised to one entry shape. The id is the feed's own
 * (guid, atom:id, rdf:about), else the link, else the title: the key that makes an entry "new"
 * exactly once. Throws on text that is none of them (JSON Feed is refused too: not in scope).
 */
export function parseFeedText(text: string, feedUrl: string): ParsedFeed {
  let parsed: { format: string; feed: unknown };
  try {
    parsed = feedsmith().parseFeed(text);
  } catch (err) {
    throw new Error(`not an RSS, Atom or RDF feed (${(err as Error).message})`);
  }
  const feed = parsed.feed as Record<string, unknown>;
  if (parsed.format === 'atom') {
    const title = str(feed.title);
    const entries = ((feed.entries as Loose[] | undefined) ?? []).map((e) => {
      const links = (e?.links as Loose[] | undefined) ?? [];
      const link = links.find((l) => !l?.rel || l.rel === 'alternate') ?? links[0];
      return entry(feedUrl, title, {
        id: str(e?.id),
        url: str(link?.href),
        title: str(e?.title),
        summary: str(e?.summary),
        content: str(e?.content),
        author: firstAuthor(e?.authors) ?? firstAuthor(feed.authors),
        published: iso(e?.published) ?? iso(e?.updated),
        updated: iso(e?.updated),
      });
    });
    const links = (feed.links as Loose[] | undefined) ?? [];
    return {
      feed_url: feedUrl,
      title,
      description: str(feed.subtitle),
      link: str(links[0]?.href),
      format: 'atom',
      entries,
    };
  }
  if (parsed.format === 'rss' || parsed.format === 'rdf') {
    const title = str(feed.title);
    const entries = ((feed.items as Loose[] | undefined) ?? []).map((i) => {
      const dc = i?.dc as Loose;
      const content = i?.content as Loose;
      return entry(feedUrl, title, {
        id: str((i?.guid as Loose)?.value) ?? str((i?.rdf as Loose)?.about),
        url: str(i?.link),
        title: str(i?.title),
        summary: str(i?.description),
        content: str(content?.encoded),
        author: firstAuthor(i?.authors) ?? firstAuthor(dc?.creators) ?? str(dc?.creator),
        published: iso(i?.pubDate) ?? iso(dc?.date) ?? iso((dc?.dates as unknown[] | undefined)?.[0]),
        updated: null,
      });
    });
    return {
      feed_url: feedUrl,
      title,
      description: str(feed.description),
      link: str(feed.link),
      format: parsed.format,
      entries,
    };
  }
  throw new Error(`not an RSS, Atom or RDF feed (found ${parsed.format})`);
}

function entry(
  feedUrl: string,
  feedTitle: string | null,
  fields: Omit<FeedEntry, 'feed_url' | 'feed_title' | 'id'> & { id: string | null },
): FeedEntry {
  return {
    feed_url: feedUrl,
    feed_title: feedTitle,
    ...fields,
    id: fields.id ?? fields.url ?? fields.title ?? `${feedUrl}#${fields.published ?? 'untitled'}`,
  };
}
