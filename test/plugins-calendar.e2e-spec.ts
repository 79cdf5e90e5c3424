import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '@hub/config';

import { AS_OWNER, execute, run, TOKEN_CONFIG } from './support/execute-client';
import { type FixtureServer, startFixtureServer } from './support/services/fixture-server';
import { Radicale } from './support/services/radicale';
import { bootHub, tempDirs, type TestHub } from './support/test-hub';

const tempDir = tempDirs('hub-calendar-');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 20261201T093000Z */
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
/** Local calendar date YYYYMMDD, `days` from today. */
const localDate = (days: number) => {
  const d = new Date(Date.now() + days * DAY);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
};
/** Berlin wall time of an instant, as a floating DATE-TIME (for TZID=Europe/Berlin). */
const berlin = (ms: number) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Europe/Berlin',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
};

const vcal = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//hub tests//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const vevent = (lines: string[]) =>
  ['BEGIN:VEVENT', `DTSTAMP:${utc(Date.now())}`, ...lines, 'END:VEVENT'].join('\r\n');

// Times relative to now, whole minutes, so every run sees the same shape.
const now = Math.floor(Date.now() / 60_000) * 60_000;
const standupStart = now - 30 * DAY + HOUR; // first instance 30 days ago: platypush would drop it
const instance = (k: number) => standupStart + (30 + k) * DAY; // k = 0: in an hour
const dentist = now + DAY + 3 * HOUR;

const STANDUP = vcal(
  vevent([
    'UID:standup@hub',
    `DTSTART:${utc(standupStart)}`,
    `DTEND:${utc(standupStart + 15 * 60_000)}`,
    'RRULE:FREQ=DAILY;COUNT=60',
    `EXDATE:${utc(instance(1))}`,
    'SUMMARY:Standup',
    'LOCATION:Kitchen',
  ]),
  vevent([
    'UID:standup@hub',
    `RECURRENCE-ID:${utc(instance(2))}`,
    `DTSTART:${utc(instance(2) + 30 * 60_000)}`,
    `DTEND:${utc(instance(2) + 45 * 60_000)}`,
    'SUMMARY:Standup (moved)',
  ]),
  vevent([
    'UID:standup@hub',
    `RECURRENCE-ID:${utc(instance(3))}`,
    `DTSTART:${utc(instance(3))}`,
    `DTEND:${utc(instance(3) + 15 * 60_000)}`,
    'SUMMARY:Standup',
    'STATUS:CANCELLED',
  ]),
);
const DENTIST = vcal(
  vevent([
    'UID:dentist@hub',
    // A TZID whose VTIMEZONE the file does not carry: resolved from the zone database.
    `DTSTART;TZID=Europe/Berlin:${berlin(dentist)}`,
    `DTEND;TZID=Europe/Berlin:${berlin(dentist + HOUR)}`,
    'SUMMARY:Dentist',
    'DESCRIPTION:Bring the card',
  ]),
);
const BIRTHDAY = vcal(
  vevent([
    'UID:birthday@hub',
    `DTSTART;VALUE=DATE:${localDate(2)}`,
    `DTEND;VALUE=DATE:${localDate(3)}`,
    'SUMMARY:Birthday',
  ]),
);
const CANCELLED = vcal(
  vevent([
    'UID:cancelled@hub',
    `DTSTART:${utc(now + 5 * HOUR)}`,
    `DTEND:${utc(now + 6 * HOUR)}`,
    'SUMMARY:Called off',
    'STATUS:CANCELLED',
  ]),
);
const PAST = vcal(
  vevent([
    'UID:past@hub',
    `DTSTART:${utc(now - 2 * DAY)}`,
    `DTEND:${utc(now - 2 * DAY + HOUR)}`,
    'SUMMARY:Gone',
  ]),
);

interface Upcoming {
  id: string;
  summary: string;
  status: string;
  location: string | null;
  description: string | null;
  start: { dateTime?: string; timeZone?: string; date?: string };
  end: { dateTime?: string; date?: string };
  recurringEventId?: string;
  calendar: string;
}

const startMs = (e: Upcoming) =>
  e.start.dateTime ? Date.parse(e.start.dateTime) : new Date(`${e.start.date}T00:00:00`).getTime();

describe('calendar plugins against a real CalDAV server (radicale)', () => {
  let radicale: Radicale;
  let fixtures: FixtureServer;
  let hub: TestHub;
  let familyUrl: string;
  let localFile: string;

  beforeAll(async () => {
    radicale = await Radicale.start();
    familyUrl = await radicale.makeCalendar('family', 'home');
    await radicale.putEvent(familyUrl, 'standup', STANDUP);
    await radicale.putEvent(familyUrl, 'dentist', DENTIST);
    await radicale.putEvent(familyUrl, 'birthday', BIRTHDAY);
    await radicale.putEvent(familyUrl, 'cancelled', CANCELLED);
    await radicale.putEvent(familyUrl, 'past', PAST);
    localFile = join(tempDir(), 'work.ics');
    writeFileSync(
      localFile,
      vcal(
        vevent([
          'UID:review@hub',
          `DTSTART:${utc(now + 2 * HOUR)}`,
          `DTEND:${utc(now + 3 * HOUR)}`,
          'SUMMARY:Review',
        ]),
      ),
    );
    fixtures = await startFixtureServer({
      '/broken.ics': (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/calendar' })
          .end('BEGIN:VCALENDAR\r\nthis is not ical\r\n'),
      '/never.ics': () => undefined, // accepts the request, never answers
      '/huge.ics': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/calendar' }).end('X'.repeat(200_000)),
    });
    hub = await bootHub({
      config: `${TOKEN_CONFIG}
calendar:
  calendars:
    - type: platypush.plugins.calendar.ical.CalendarIcalPlugin
      url: ${familyUrl}
    - type: calendar.ical
      url: ${pathToFileURL(localFile).href}
    - type: calendar.ical
      url: ${fixtures.url}/broken.ics
    - type: calendar.ical
      url: ${fixtures.url}/never.ics
      timeout_seconds: 1
    - type: calendar.ical
      url: ${fixtures.url}/huge.ics
      max_bytes: 100000
    - type: platypush.plugins.google.calendar.GoogleCalendarPlugin
calendar.ical:
  url: ${familyUrl}
`,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await fixtures?.stop();
    await radicale?.dispose();
  });

  it('expands recurrences whose first instance is past, with EXDATE, overrides and cancellations', async () => {
    const events = (await run(hub, 'calendar.ical.get_upcoming_events', { max_results: 6 })) as Upcoming[];
    const standups = events.filter((e) => e.recurringEventId === 'standup@hub');
    expect(standups.slice(0, 3).map((e) => [e.summary, Date.parse(e.start.dateTime!)])).toEqual([
      ['Standup', instance(0)],
      ['Standup (moved)', instance(2) + 30 * 60_000],
      ['Standup', instance(4)],
    ]);
    expect(standups[0]).toMatchObject({ location: 'Kitchen', status: 'confirmed', kind: 'calendar#event' });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map((e) => e.summary)).not.toContain('Called off');
    expect(events.map((e) => e.summary)).not.toContain('Gone');
  });

  it('reads a TZID without its VTIMEZONE and all-day events, sorted by start', async () => {
    const events = (await run(hub, 'calendar.ical.get_upcoming_events', { max_results: 20 })) as Upcoming[];
    const dentistEvent = events.find((e) => e.summary === 'Dentist')!;
    expect(dentistEvent.start).toEqual({
      dateTime: new Date(dentist).toISOString(),
      timeZone: 'Europe/Berlin',
    });
    expect(dentistEvent.description).toBe('Bring the card');
    const birthday = events.find((e) => e.summary === 'Birthday')!;
    const d = localDate(2);
    expect(birthday.start).toEqual({ date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` });
    const starts = events.map(startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(events.length).toBe(20);
  });

  it('merges calendars, skips broken, silent and oversized ones, and says which in its state', async () => {
    const started = Date.now();
    const events = (await run(hub, 'calendar.get_upcoming_events', { max_results: 3 })) as Upcoming[];
    expect(Date.now() - started).toBeLessThan(5000);
    // In an hour, in two hours (the file calendar), then tomorrow's dentist or the birthday.
    expect(events.map((e) => e.summary).slice(0, 2)).toEqual(['Standup', 'Review']);
    expect(['Dentist', 'Birthday']).toContain(events[2].summary);
    expect(events[1].calendar).toBe(pathToFileURL(localFile).href);
    const plugin = (await (await hub.fetch('/api/v1/plugins/calendar', { headers: AS_OWNER })).json()) as {
      state: Record<string, { status: string; error?: string }>;
    };
    const state = plugin.state;
    expect(state[`${fixtures.url}/broken.ics`]).toMatchObject({ status: 'error' });
    expect(state[`${fixtures.url}/never.ics`].error).toMatch(/no answer within 1 s/);
    expect(state[`${fixtures.url}/huge.ics`].error).toMatch(/larger than 100000 bytes/);
    expect(state[familyUrl]).toMatchObject({ status: 'connected' });
  });

  it('fails calendar.ical with a 502 when its one calendar is broken, and validates max_results', async () => {
    expect(
      (await execute(hub, { action: 'calendar.get_upcoming_events', args: { max_results: 0 } })).status,
    ).toBe(400);
    const broken = await bootHub({
      config: `${TOKEN_CONFIG}calendar.ical:\n  url: ${fixtures.url}/broken.ics\n`,
    });
    try {
      const { status, body } = await execute(broken, { action: 'calendar.ical.get_upcoming_events' });
      expect(status).toBe(502);
      expect(body.response.errors[0]).toMatch(/broken\.ics/);
    } finally {
      await broken.stop();
    }
  });
});

describe('calendar config', () => {
  it('is off until configured', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      expect((await execute(hub, { action: 'calendar.get_upcoming_events' })).status).toBe(404);
      expect((await execute(hub, { action: 'calendar.ical.get_upcoming_events' })).status).toBe(404);
    } finally {
      await hub.stop();
    }
  });

  it('refuses a bad URL and unknown keys of an ical entry with their lines', async () => {
    const failure = await bootHub({
      config: `${TOKEN_CONFIG}calendar:\n  calendars:\n    - type: calendar.ical\n      url: ftp://x/y.ics\n      colour: red\n`,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toMatch(/calendar\.calendars\.0\.url: expected an http/);
    expect(message).toMatch(/calendar\.calendars\.0: unknown key colour/);
  });
});
