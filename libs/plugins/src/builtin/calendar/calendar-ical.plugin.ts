import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { PluginContext } from '../../plugin-context';
import type { BackgroundPlugin, PluginState } from '../../plugin-lifecycle';
import { icalConfigSchema, type IcalOptions } from './calendar.config';
import { calendarStates, upcomingArgs, upcomingReturns } from './calendar.plugin';
import { IcalCalendar } from './ical-calendar';

/** platypush `calendar.ical`: one ICS calendar. */
@Plugin({
  name: 'calendar.ical',
  doc: 'Upcoming events of one ICS calendar (http(s), webcal or a file).',
  config: icalConfigSchema,
  enabledByDefault: false,
})
export class CalendarIcalPlugin implements BackgroundPlugin<IcalOptions> {
  private calendar: IcalCalendar | null = null;

  start(ctx: PluginContext<IcalOptions>): void {
    this.calendar = new IcalCalendar(ctx.options);
  }

  stop(): void {
    this.calendar = null;
  }

  state(): Record<string, PluginState> {
    return calendarStates(this.calendar ? [this.calendar] : []);
  }

  @Action({
    doc: 'The next `max_results` events, sorted by start; recurrences expanded, cancelled and past ones left out.',
    args: upcomingArgs,
    returns: upcomingReturns,
  })
  async get_upcoming_events(args: z.output<typeof upcomingArgs>) {
    if (!this.calendar) return [];
    // One calendar: its failure is the action's failure (502), not an empty list.
    const now = new Date();
    const events = await this.calendar.upcoming(args.max_results, now);
    return events
      .sort((a, b) => a._startMs - b._startMs)
      .slice(0, args.max_results)
      .map(({ _startMs, ...e }) => e);
  }
}
