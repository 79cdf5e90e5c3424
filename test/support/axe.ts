import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

/** axe-core from npm, evaluated in the page by the DevTools protocol (no script tag, so the CSP stays strict). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[]; failureSummary?: string }[];
  }[];
}

/**
 * The page's accessibility violations of at least `serious` impact, one readable line each
 * (rule, impact, help, the offending elements) so a failing expect says what to fix.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate<boolean>('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<AxeResult>("window.axe.run(document, { resultTypes: ['violations'] })");
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
