import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';

import { cronExpressionProblem, cronPattern, cronReadingWarning } from './cron-spec';

const FROM = new Date('2026-03-04T10:00:00.500Z'); // a Wednesday

function nextRuns(expression: string, count = 3): string[] {
  const job = new Cron(cronPattern(expression), { paused: true, timezone: 'UTC' });
  const runs = job.nextRuns(count, FROM).map((d) => d.toISOString().slice(11, 19));
  job.stop();
  return runs;
}

describe('cron expressions', () => {
  describe('6 fields, read as platypush (croniter) does: the seconds last', () => {
    it("runs platypush's every-3-seconds test cron every 3 seconds, not next Wednesday", () => {
      expect(cronExpressionProblem('* * * * * */3', 'UTC')).toBeNull();
      expect(nextRuns('* * * * * */3')).toEqual(['10:00:03', '10:00:06', '10:00:09']);
    });

    it("accepts platypush's '* * * * * */10' (refused when read with seconds first)", () => {
      expect(cronExpressionProblem('* * * * * */10', 'UTC')).toBeNull();
      expect(nextRuns('* * * * * */10')).toEqual(['10:00:10', '10:00:20', '10:00:30']);
    });

    it('puts the 6th field in the seconds', () => {
      expect(cronPattern('30 7 * * 1-5 15')).toBe('15 30 7 * * 1-5');
      expect(nextRuns('30 10 * * * 15', 1)).toEqual(['10:30:15']);
    });

    it('names the reading when a 6-field expression is invalid', () => {
      expect(cronExpressionProblem('* * * * * 75', 'UTC')).toMatch(/seconds last/);
    });
  });

  describe('5 fields: standard crontab', () => {
    it('is minute hour day-of-month month day-of-week', () => {
      expect(cronPattern('0 7 * * 1-5')).toBe('0 7 * * 1-5');
      expect(nextRuns('*/15 * * * *', 2)).toEqual(['10:15:00', '10:30:00']);
    });

    it('refuses other field counts, saying how 6 are read', () => {
      expect(cronExpressionProblem('* * * *', null)).toMatch(
        /expected 5 fields \(or 6.*seconds last\), got 4/,
      );
      expect(cronExpressionProblem('* * * * * * *', null)).toMatch(/got 7/);
      expect(cronExpressionProblem('@daily', null)).toBeNull();
    });
  });

  describe('warning when the seconds-first reading would differ', () => {
    it('warns for an expression other tools would schedule elsewhere, with both next runs', () => {
      const warning = cronReadingWarning('0 0 * * * 0', 'UTC', FROM);
      expect(warning).toMatch(/^'0 0 \* \* \* 0' has 6 fields: read as platypush does, seconds last/);
      expect(warning).toMatch(/next runs 2026-03-05T00:00:00\.000Z/);
      expect(warning).toMatch(/seconds first would run it at 2026-03-08T/); // a Sunday
    });

    it('warns for the every-3-seconds cron (read seconds-first: every second, some weekdays)', () => {
      expect(cronReadingWarning('* * * * * */3', 'UTC', FROM)).toMatch(/seconds first/);
    });

    it('says nothing when both readings agree, the other is invalid, or there are 5 fields', () => {
      expect(cronReadingWarning('* * * * * *', 'UTC', FROM)).toBeNull();
      expect(cronReadingWarning('* * * * * */10', 'UTC', FROM)).toBeNull();
      expect(cronReadingWarning('0 7 * * 1-5', 'UTC', FROM)).toBeNull();
    });
  });
});
