import type { ReadingSource } from '../live/use-reading';
import { str } from '../widget-props';

/** The value-source attributes shared by Sensor, Gauge and SensorChart. */
export function readingSource(attrs: Record<string, unknown>): ReadingSource {
  return {
    variable: str(attrs, 'variable'),
    eventType: str(attrs, 'event-type'),
    field: str(attrs, 'field') ?? 'value',
    filter: (attrs.filter as Record<string, unknown> | undefined) ?? {},
  };
}
