/** What a label value becomes once a label has seen its maximum number of distinct values. */
export const OTHER_LABEL = 'other';

/**
 * Keeps a label's value set bounded whatever clients send: the first `max` distinct values are
 * kept as they are, every later one is reported as `other`. Each distinct value is a time series
 * in Prometheus, so an unbounded label (a raw URL, a client-chosen event type) would grow the
 * hub's memory and the scraper's storage without limit.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return OTHER_LABEL;
    this.seen.add(raw);
    return raw;
  }
}
