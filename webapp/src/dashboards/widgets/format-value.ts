/** How a variable or reading is shown: numbers with `precision` decimals, objects as JSON, nothing as a dash. */
export function formatValue(value: unknown, precision?: number): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return precision === undefined ? String(value) : value.toFixed(precision);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return JSON.stringify(value);
}
