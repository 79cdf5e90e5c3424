import { Cron } from 'croner';

/** Checks a cron expression (5 fields, or 6 with seconds first) and time zone; returns the problem or null. */
export function cronExpressionProblem(expression: string, timezone: string | null): string | null {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6 && !expression.trim().startsWith('@'))
    return `expected 5 fields (or 6 with seconds first), got ${fields}`;
  try {
    const job = new Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) });
    job.nextRun();
    job.stop();
    return null;
  } catch (err) {
    return (err as Error).message.split('. ')[0];
  }
}

export function timezoneProblem(timezone: string | null): string | null {
  if (!timezone) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone '${timezone}' (use an IANA name such as Europe/Rome)`;
  }
}
