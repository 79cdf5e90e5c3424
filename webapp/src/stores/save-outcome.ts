import { errorMessage } from '../api/http';

/** What the hub said about a write: ok, or its message and the field errors it named. */
export interface SaveOutcome<T = unknown> {
  ok: boolean;
  status: number;
  body: T;
  message?: string;
  /** `"field: message"` → message, keyed by the field's path (`scopes.0` → `scopes`). */
  fields: Record<string, string>;
}

/**
 * Reads a hub answer into a SaveOutcome. A 400's message is `"path: message"` lines joined by
 * `; ` (libs/auth `parseBody`; `details` when a body carries them); each goes to the first
 * segment of its path, so a form can show it at that field. All of it stays in `message` too.
 */
export function saveOutcome<T>(status: number, ok: boolean, body: T): SaveOutcome<T> {
  const fields: Record<string, string> = {};
  const message = ok ? undefined : (errorMessage(body) ?? `HTTP ${status}`);
  if (message !== undefined && status === 400) {
    const details = (body as { details?: unknown } | null)?.details;
    const lines = Array.isArray(details) ? details.map(String) : message.split('; ');
    for (const line of lines) {
      const match = /^([A-Za-z_][\w]*)(?:\.[\w.]*)?: (.*)$/.exec(line);
      if (!match) continue;
      const [, field, text] = match;
      fields[field] = fields[field] ? `${fields[field]}; ${text}` : text;
    }
  }
  return {
    ok,
    status,
    body,
    message,
    fields,
  };
}
