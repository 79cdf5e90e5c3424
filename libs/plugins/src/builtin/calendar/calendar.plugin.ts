import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import { type BackgroundPlugin, type PluginState, stateNow } from '../../plugin-lifecycle';
import { calendarConfigSchema, type CalendarOptions, icalConfigSchema, isIcalType } from './calendar.config';
import { IcalCalendar, mergeUpcoming } from './ical-calendar';

export const upcomingArgs = z.strictObject({ max_results: z.number().int().min(1).max(1000).default(10) });

const eventTime = z.union([
  z.object({ dateTime: z.string(), timeZone: z.string().optional() }),
  z.object({ date: z.string() }),
]);
export const upcomingReturns = z.array(
  z.object({
    id: z.string(),
    kind: z.literal('calendar#event'),
    summary: z.string().nullable(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    status: z.string(),
    start: eventTime,
    end: eventTime,
    recurringEventId: z.string().optional(),
    calendar: z.string().describe('the calendar it came from (URL without query)'),
  }),
);

/** Runs every calendar; a broken one is logged and skipped, the others still answer. */
export async function upcomingFrom(calendars: IcalCalendar[], maxResults: number, ctx: PluginContext) {
  const now = new Date();
  const lists = await Promise.all(
    calendars.map((c) =>
      c.upcoming(maxResults, now).catch((err: Error) => {
        ctx.log.warn({ calendar: c.label, error: err.message }, 'calendar skipped: it could not be read');
        return [];
      }),
    ),
  );
  return mergeUpcoming(lists, maxResults);
}

export function calendarStates(calendars: IcalCalendar[]): Record<string, PluginState> {
  return Object.fromEntries(
    calendars.map((c) => [
      c.label,
      c.lastError ? stateNow('error', { error: c.lastError }) : stateNow('connected'),
    ]),
  );
}

/** platypush `calendar`: upcoming events of several calendars, merged. */
@Plugin({
  name: 'calendar',
  doc: 'Upcoming events from several calendars (ICS over http(s) or files), merged and sorted.',
  config: calendarConfigSchema,
  enabledByDefault: false,
})
export class CalendarPlugin implements BackgroundPlugin<CalendarOptions> {
  private calendars: IcalCalendar[] = [];

  start(ctx: PluginContext<CalendarOptions>): void {
    this.calendars = [];
    for (const entry of ctx.options.calendars) {
      const { type, ...rest } = entry;
      if (!isIcalType(type)) {
        ctx.log.warn({ type }, 'calendar type not supported by hub (only calendar.ical): skipped');
        continue;
      }
      this.calendars.push(new IcalCalendar(icalConfigSchema.parse(rest)));
    }
  }

  stop(): void {
    this.calendars = [];
  }

  state(): Record<string, PluginState> {
    return calendarStates(this.calendars);
  }

  @Action({
    doc: 'The next `max_results` events of every calendar, sorted by start; recurrences expanded, cancelled and past ones left out.',
    args: upcomingArgs,
    returns: upcomingReturns,
  })
  get_upcoming_events(args: z.output<typeof upcomingArgs>, ctx: PluginContext) {
    return upcomingFrom(this.calendars, args.max_results, ctx);
  }
}
