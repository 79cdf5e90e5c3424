import ICAL from 'ical.js';

import { zonedWallTimeToDate } from './zoned-time';

/** One event occurrence in Google Calendar's shape (what platypush's calendar returns). */
export interface CalendarEvent {
  id: string;
  kind: 'calendar#event';
  summary: string | null;
  description: string | null;
  location: string | null;
  status: string;
  start: EventTime;
  end: EventTime;
  recurringEventId?: string;
  calendar: string;
}

/** `{dateTime, timeZone?}` for timed events, `{date}` (YYYY-MM-DD) for all-day ones. */
export type EventTime = { dateTime: string; timeZone?: string } | { date: string };

interface Occurrence {
  event: CalendarEvent;
  /** Sort key and "past?" test. */
  startMs: number;
  endMs: number;
}

/** Occurrences expanded for one event: bounds the work an endless RRULE can cause. */
const MAX_ITERATIONS = 100_000;

/**
 * Every occurrence ending after `from` and starting before `until`, from one ICS text:
 * recurrences (RRULE, RDATE) expanded with EXDATE removed, RECURRENCE-ID overrides applied,
 * cancelled events and instances left out. Throws on text that is not iCalendar.
 */
export function upcomingOccurrences(
  ics: string,
  calendar: string,
  from: Date,
  until: Date,
  limit: number,
): Array<CalendarEvent & { _startMs: number }> {
  const root = new ICAL.Component(ICAL.parse(ics));
  if (root.name !== 'vcalendar') throw new Error(`not an iCalendar file (found ${root.name})`);
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Event[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (!event.uid || !event.startDate) continue;
    if (component.hasProperty('recurrence-id')) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) {
    const master = masters.get(exception.uid);
    if (master) master.relateException(exception);
    else masters.set(`${exception.uid}#${exception.recurrenceId?.toString()}`, exception); // orphan: stands alone
  }
  const fromMs = from.getTime();
  const untilMs = until.getTime();
  const found: Occurrence[] = [];
  for (const event of masters.values()) {
    if (isCancelled(event.component)) continue;
    if (!event.isRecurring()) {
      const occ = occurrence(event, event.startDate, event.endDate, calendar, null);
      if (occ && occ.endMs > fromMs && occ.startMs < untilMs) found.push(occ);
      continue;
    }
    const iterator = event.iterator();
    let taken = 0;
    for (let i = 0, next = iterator.next(); next && i < MAX_ITERATIONS; i++, next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      if (toMs(details.startDate) >= untilMs && toMs(next) >= untilMs) break;
      if (isCancelled(details.item.component)) continue;
      const occ = occurrence(details.item, details.startDate, details.endDate, calendar, event.uid);
      if (!occ || occ.endMs <= fromMs || occ.startMs >= untilMs) continue;
      found.push(occ);
      if (++taken >= limit) break;
    }
  }
  return found.map((o) => ({ ...o.event, _startMs: o.startMs }));
}

function isCancelled(component: ICAL.Component): boolean {
  return String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

function occurrence(
  item: ICAL.Event,
  start: ICAL.Time,
  end: ICAL.Time | null,
  calendar: string,
  recurringUid: string | null,
): Occurrence | null {
  const startMs = toMs(start);
  const endTime = end ?? endOf(start);
  const endMs = toMs(endTime);
  if (!Number.isFinite(startMs)) return null;
  const id = recurringUid ? `${recurringUid}_${compactUtc(start)}` : item.uid;
  const status = String(item.component.getFirstPropertyValue('status') ?? 'CONFIRMED').toLowerCase();
  return {
    startMs,
    endMs,
    event: {
      id,
      kind: 'calendar#event',
      summary: item.summary || null,
      description: item.description || null,
      location: item.location || null,
      status,
      start: eventTime(start),
      end: eventTime(endTime),
      ...(recurringUid ? { recurringEventId: recurringUid } : {}),
      calendar,
    },
  };
}

/** DTEND absent: an all-day event lasts its day, a timed one is an instant (RFC 5545 §3.6.1). */
function endOf(start: ICAL.Time): ICAL.Time {
  const end = start.clone();
  if (start.isDate) end.adjust(1, 0, 0, 0);
  return end;
}

function eventTime(time: ICAL.Time): EventTime {
  if (time.isDate) return { date: time.toString().slice(0, 10) };
  const zone = tzid(time);
  return { dateTime: new Date(toMs(time)).toISOString(), ...(zone ? { timeZone: zone } : {}) };
}

function tzid(time: ICAL.Time): string | null {
  const name = time.zone?.tzid ?? (time as unknown as { timezone?: string }).timezone;
  return name && name !== 'floating' ? name : null;
}

/**
 * Epoch ms of a time. All-day dates and floating times are read in the hub's own zone (a
 * birthday is on that day wherever the hub is); a TZID without its VTIMEZONE in the file is
 * looked up in the runtime's zone database.
 */
function toMs(time: ICAL.Time): number {
  const zoneName = (time as unknown as { timezone?: string }).timezone;
  const unresolved = !time.isDate && zoneName && (!time.zone || time.zone.tzid === 'floating');
  if (unresolved) {
    const date = zonedWallTimeToDate(time, zoneName);
    if (date) return date.getTime();
  }
  return time.toJSDate().getTime();
}

function compactUtc(time: ICAL.Time): string {
  if (time.isDate) return time.toString().replace(/-/g, '');
  return new Date(toMs(time)).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}
