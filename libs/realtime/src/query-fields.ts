import { z } from 'zod';

import { normaliseEventType } from '@hub/messages';

/** A query parameter given twice counts by its last value; only strings are values. */
export function lastValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return lastValue(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}

/** As lastValue, with `?x=` counting as absent. */
export function lastText(value: unknown): string | undefined {
  const text = lastValue(value);
  return text === '' ? undefined : text;
}

/** A query number that `accept`s; `message` says what was expected. Absent: undefined. */
export function numberField(accept: (n: number) => boolean, message: string) {
  return z.preprocess(
    lastText,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        const n = Number(text);
        if (accept(n)) return n;
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
  );
}

/** `since` / `after` / `before`: an event seq. Absent: null. */
export const seqField = numberField(
  (n) => Number.isSafeInteger(n) && n >= 0,
  'expected an event seq',
).transform((n) => n ?? null);

/** `types=A,platypush.x.BEvent`: short names; absent or empty: null (every type). */
export const eventTypesField = z.preprocess(
  lastValue,
  z
    .string()
    .optional()
    .transform((text) => {
      const types = (text ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map(normaliseEventType);
      return types.length > 0 ? types : null;
    }),
);
