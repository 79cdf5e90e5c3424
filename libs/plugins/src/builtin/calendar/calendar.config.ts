import { z } from 'zod';

const url = z
  .string()
  .min(1)
  .refine((u) => /^(https?|file|webcal):\/\//i.test(u) || u.startsWith('/'), {
    message: 'expected an http(s)://, webcal://, file:// URL or an absolute path',
  });

/** Keys every ICS calendar takes (the calendar.ical section, or one entry of calendar.calendars). */
const icalKeys = {
  url,
  /** Seconds a fetched calendar is reused before it is fetched again (with If-None-Match). */
  refresh_seconds: z.number().min(0).default(300),
  /** Seconds a fetch may take. */
  timeout_seconds: z.number().positive().max(120).default(20),
  /** Larger calendars are refused (reported, skipped). */
  max_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** How far ahead recurrences are expanded. */
  days_ahead: z.number().int().min(1).max(3660).default(365),
};

export const icalConfigSchema = z.strictObject(icalKeys);
export type IcalOptions = z.output<typeof icalConfigSchema>;

/**
 * One entry of `calendar.calendars`. `type` is `calendar.ical` or platypush's class path
 * (`platypush.plugins.calendar.ical.CalendarIcalPlugin`); other types (Google) are accepted so
 * platypush files load, reported once and skipped.
 */
export const calendarEntrySchema = z.looseObject({ type: z.string().min(1) }).superRefine((entry, ctx) => {
  if (!isIcalType(entry.type)) return;
  const { type: _type, ...rest } = entry;
  const parsed = icalConfigSchema.safeParse(rest);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
        : issue.message;
    ctx.addIssue({ code: 'custom', path: issue.path, message });
  }
});

export const calendarConfigSchema = z.strictObject({
  calendars: z.array(calendarEntrySchema).default([]),
});
export type CalendarOptions = z.output<typeof calendarConfigSchema>;

// Hoisted use above: a function declaration, so the set must exist before any parse runs.
const ICAL_TYPES = new Set([
  'calendar.ical',
  'platypush.plugins.calendar.ical.CalendarIcalPlugin',
  'CalendarIcalPlugin',
]);

export function isIcalType(type: string): boolean {
  return ICAL_TYPES.has(type);
}
