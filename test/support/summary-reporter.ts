import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest';

/**
 * Ends the run with one plain line, `N passed, N failed` (and skipped, if any), which CI
 * systems read without knowing vitest's own summary format.
 */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const visit = (task: RunnerTask): void => {
      if (task.type === 'suite') {
        for (const child of task.tasks) visit(child);
        return;
      }
      const state = task.result?.state;
      if (state === 'pass') counts.passed++;
      else if (state === 'fail') counts.failed++;
      else counts.skipped++;
    };
    for (const file of files) {
      // A file that failed to load has no tests to visit but must count as a failure.
      if (file.result?.state === 'fail' && file.tasks.length === 0) counts.failed++;
      for (const task of file.tasks) visit(task);
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  }
}
