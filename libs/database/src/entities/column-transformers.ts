import type { ValueTransformer } from 'typeorm';

/**
 * Times are stored as epoch milliseconds in BIGINT columns: one portable type for SQLite and
 * PostgreSQL (whose driver returns BIGINT as a string, hence the Number()).
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | number | null | undefined) =>
    value === null || value === undefined ? value : value instanceof Date ? value.getTime() : value,
  from: (value: string | number | null) =>
    value === null || value === undefined ? null : new Date(Number(value)),
};

export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** JSON in a TEXT column (portable; `simple-json` breaks on null). */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? null : JSON.stringify(value)),
  from: (value: string | null) =>
    value === null || value === undefined ? null : (JSON.parse(value) as unknown),
};
