import { Cron } from 'croner';

/*
 * How a cron expression is read, wherever it comes from (config.yaml or a script):
 *   5 fields  minute hour day-of-month month day-of-week          (standard crontab)
 *   6 fields  minute hour day-of-month month day-of-week SECOND   (platypush's reading: croniter
 *             puts the seconds last; platypush's own test cron, five stars and then a step of 3,
 *             runs every 3 seconds)
 *   @hourly, @daily, ... as croner reads them.
 * Several other tools (Quartz, Spring, croner itself) put the seconds first in a 6-field
 * expression; when that reading would schedule something different, cronReadingWarning() says so.
 */

const NICKNAME = /^@\w+$/;

function fieldsOf(expression: string): string[] {
  return expression.trim().split(/\s+/);
}

/** The pattern croner runs (seconds first when there are seconds). */
export function cronPattern(expression: string): string {
  const fields = fieldsOf(expression);
  if (fields.length !== 6) return expression.trim();
  const seconds = fields.pop()!;
  return [seconds, ...fields].join(' ');
}

/** Checks a cron expression and time zone; returns the problem or null. */
export function cronExpressionProblem(expression: string, timezone: string | null): string | null {
  const fields = fieldsOf(expression).length;
  if (fields !== 5 && fields !== 6 && !NICKNAME.test(expression.trim()))
    return `expected 5 fields (or 6, platypush's way: seconds last), got ${fields}`;
  const problem = patternProblem(cronPattern(expression), timezone);
  return problem && fields === 6 ? `${problem} (6 fields are read with the seconds last)` : problem;
}

/**
 * A warning for a 6-field expression whose seconds-first reading is also valid and would run at
 * other times, or null when the two readings agree (or the other one is not a valid expression).
 */
export function cronReadingWarning(
  expression: string,
  timezone: string | null,
  from = new Date(),
): string | null {
  if (fieldsOf(expression).length !== 6) return null;
  const ours = nextRuns(cronPattern(expression), timezone, from);
  const other = nextRuns(expression.trim(), timezone, from);
  if (!ours || !other || ours.every((t, i) => t === other[i])) return null;
  return (
    `'${expression}' has 6 fields: read as platypush does, seconds last (next runs ${ours.slice(0, 2).join(', ')}); ` +
    `tools that put the seconds first would run it at ${other.slice(0, 2).join(', ')}`
  );
}

function patternProblem(pattern: string, timezone: string | null): string | null {
  try {
    const job = new Cron(pattern, { paused: true, ...(timezone ? { timezone } : {}) });
    job.nextRun();
    job.stop();
    return null;
  } catch (err) {
    return (err as Error).message.split('. ')[0];
  }
}

/** The next few run times as ISO strings, or null when croner refuses the pattern. */
function nextRuns(pattern: string, timezone: string | null, from: Date): string[] | null {
  try {
    const job = new Cron(pattern, { paused: true, ...(timezone ? { timezone } : {}) });
    const runs = job.nextRuns(4, from).map((d) => d.toISOString());
    job.stop();
    return runs;
  } catch {
    return null;
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
