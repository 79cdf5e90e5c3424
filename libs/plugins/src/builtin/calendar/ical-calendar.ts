import { type Fetched, fetchText, safeUrl } from '../fetch-text';
import type { IcalOptions } from './calendar.config';
import { type CalendarEvent, upcomingOccurrences } from './ics-events';

/** One ICS calendar: fetched (conditionally) at most every refresh_seconds, expanded per call. */
export class IcalCalendar {
  private cached: (Fetched & { at: number; text: string }) | null = null;
  /** The last failure, for the plugin's state; null after a success. */
  lastError: string | null = null;

  constructor(readonly options: IcalOptions) {}

  /** The URL as it may be shown (no credentials, no query). */
  get label(): string {
    return this.options.url.startsWith('/') ? this.options.url : safeUrl(this.options.url);
  }

  async upcoming(maxResults: number, now: Date): Promise<Array<CalendarEvent & { _startMs: number }>> {
    try {
      const text = await this.text(now.getTime());
      const until = new Date(now.getTime() + this.options.days_ahead * 86_400_000);
      const events = upcomingOccurrences(text, this.label, now, until, maxResults);
      this.lastError = null;
      return events;
    } catch (err) {
      this.lastError = (err as Error).message.split('\n')[0].slice(0, 300);
      throw new Error(`${this.label}: ${this.lastError.replace(`${this.label}: `, '')}`);
    }
  }

  private async text(nowMs: number): Promise<string> {
    const fresh = this.cached && nowMs - this.cached.at < this.options.refresh_seconds * 1000;
    if (fresh) return this.cached!.text;
    const fetched = await fetchText(
      this.options.url,
      { timeoutMs: this.options.timeout_seconds * 1000, maxBytes: this.options.max_bytes },
      this.cached,
      'text/calendar, */*;q=0.5',
    );
    const text = fetched.text ?? this.cached?.text;
    if (text === undefined) throw new Error('304 Not Modified without a cached copy');
    this.cached = { ...fetched, text, at: nowMs };
    return text;
  }
}

/** Occurrences of several calendars merged: sorted by start, first `maxResults`. */
export function mergeUpcoming(
  lists: Array<Array<CalendarEvent & { _startMs: number }>>,
  maxResults: number,
): CalendarEvent[] {
  return lists
    .flat()
    .sort((a, b) => a._startMs - b._startMs || a.id.localeCompare(b.id))
    .slice(0, maxResults)
    .map(({ _startMs, ...event }) => event);
}
