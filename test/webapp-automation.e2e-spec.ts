import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { register } from './support/auth-client';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, newPanelContext, type PanelContext, signIn } from './support/browser';
import { renderedLines, sidewaysOverflow } from './support/layout';
import { bootHub, type TestHub } from './support/test-hub';

/** Longer than a phone's column: it has to wrap somewhere. */
const LONG_HOOK = 'hall_lights_follow_motion_in_the_living_room';

const CONFIG = `
event.hook.lights_on_motion:
  if:
    type: CustomEvent
    subtype: motion
  then:
    - action: variable.set
      args:
        lights: on
event.hook.${LONG_HOOK}:
  if:
    type: CustomEvent
    subtype: hall_motion
  then:
    - action: variable.set
      args:
        hall: on
procedure.greet:
  - action: logger.info
    args:
      msg: hello
cron.nightly:
  cron_expression: '0 3 * * *'
  actions:
    - action: variable.set
      args:
        nightly: true
`;

describe('Automation page: hooks, procedures, crons, would it fire, run-time hooks (api.md §8b)', () => {
  let hub: TestHub;
  let browser: Browser;
  let panel: PanelContext;
  let page: Page;
  const hookRowIn = (on: Page, name: string) =>
    on.getByRole('table', { name: 'Hooks' }).getByRole('row').filter({ hasText: name });
  const hookRow = (name: string) => hookRowIn(page, name);

  beforeAll(async () => {
    hub = await bootHub({ config: CONFIG });
    await register(hub);
    browser = await launchChromium();
    panel = await newPanelContext(browser, hub);
    page = panel.page;
    await signIn(page, '/ui/automation');
  });
  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await hub?.stop();
  });

  it('lists config hooks as read-only, procedures and crons', async () => {
    const row = hookRow('lights_on_motion');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/read-only/);
    expect(await row.getByRole('button').count()).toBe(0);
    // An action name stays on one line in the wide table (the longer columns give way instead).
    expect(await renderedLines(row.getByRole('cell').nth(2))).toEqual(['variable.set']);
    expect(await page.getByRole('region', { name: 'Procedures' }).textContent()).toContain('greet');
    expect(await page.getByRole('region', { name: 'Crons' }).textContent()).toContain('0 3 * * *');
  });

  it('tells whether a sample event would fire, and why', async () => {
    await page.getByLabel('Sample event').fill('{"type": "CustomEvent", "subtype": "motion"}');
    await page.getByRole('button', { name: 'Check' }).click();
    const answer = page.getByRole('status', { name: 'Matching hooks' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('lights_on_motion');
    await page.getByLabel('Sample event').fill('{"type": "CustomEvent", "subtype": "door"}');
    await page.getByRole('button', { name: 'Check' }).click();
    await answer.filter({ hasText: 'No hook would fire.' }).waitFor();
    await page.getByLabel('Sample event').fill('{"subtype": "no type"}');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(/Expected \{"event"/).waitFor();
  });

  it('creates a run-time hook that is live at once, edits and deletes it', async () => {
    await page.getByLabel('Hook name').fill('doorbell_rang');
    await page.getByLabel('Condition (if)').fill('{"type": "CustomEvent", "subtype": "doorbell"}');
    await page.getByLabel('Actions (then)').fill('[{"action": "variable.set", "args": {"rang": true}}]');
    await page.getByRole('button', { name: 'Save hook' }).click();
    await page.getByRole('status').filter({ hasText: "Saved hook 'doorbell_rang'" }).waitFor();
    await hookRow('doorbell_rang').waitFor();
    expect(await hookRow('doorbell_rang').textContent()).toMatch(/api/);

    await page.getByLabel('Sample event').fill('{"type": "CustomEvent", "subtype": "doorbell"}');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('status', { name: 'Matching hooks' }).filter({ hasText: 'doorbell_rang' }).waitFor();

    await page.getByRole('button', { name: 'Edit doorbell_rang' }).click();
    await page.getByRole('heading', { name: 'Edit hook doorbell_rang' }).waitFor();
    expect(JSON.parse(await page.getByLabel('Actions (then)').inputValue())).toEqual([
      { action: 'variable.set', args: { rang: true } },
    ]);
    await page.getByLabel('Priority').fill('5');
    await page.getByRole('button', { name: 'Save hook' }).click();
    await page.getByRole('status').filter({ hasText: "Saved hook 'doorbell_rang'" }).waitFor();
    await panel.screenshot('automation-light');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Delete doorbell_rang' }).click();
    await hookRow('doorbell_rang').waitFor({ state: 'detached' });
  });

  it('shows the server’s validation errors at the field they are about', async () => {
    await page.getByLabel('Hook name').fill('broken');
    await page.getByLabel('Condition (if)').fill('{"type": "CustomEvent"}');
    await page.getByLabel('Actions (then)').fill('[{"nope": 1}]');
    await page.getByRole('button', { name: 'Save hook' }).click();
    const actions = page.getByLabel('Actions (then)');
    await page.locator('#hook-actions-error').waitFor();
    expect(await actions.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#hook-actions-error').textContent()).toMatch(/^then/);

    await page.getByLabel('Hook name').fill('lights_on_motion');
    await page.getByLabel('Actions (then)').fill('[{"action": "variable.set", "args": {"x": 1}}]');
    await page.getByRole('button', { name: 'Save hook' }).click();
    await page.locator('#hook-name-error').filter({ hasText: 'read-only' }).waitFor();

    await page.getByLabel('Condition (if)').fill('{"type": ');
    await page.getByRole('button', { name: 'Save hook' }).click();
    await page.locator('#hook-condition-error').filter({ hasText: 'Not valid JSON' }).waitFor();
    await panel.screenshot('automation-errors');
  });

  it('looks right in dark mode and on a 360 px phone', async () => {
    const dark = await newPanelContext(browser, hub, { colorScheme: 'dark' });
    await signIn(dark.page, '/ui/automation');
    await dark.page.getByRole('table', { name: 'Hooks' }).waitFor();
    await dark.screenshot('automation-dark');
    await dark.close();
    const phone = await newPanelContext(browser, hub, { viewport: { width: 360, height: 740 } });
    await signIn(phone.page, '/ui/automation');
    const hooks = phone.page.getByRole('table', { name: 'Hooks' });
    await hooks.waitFor();
    await phone.screenshot('automation-phone');
    expect(await sidewaysOverflow(phone.page)).toEqual([]);
    // A long name wraps, but only after one of its separators: "…_in_the_" / "living_room", never
    // "…_livi" / "ng_room"; and an action name such as variable.set stays whole.
    const longName = hooks.getByRole('row').filter({ hasText: LONG_HOOK }).getByRole('cell').first();
    const lines = await renderedLines(longName);
    expect(lines.join('')).toBe(LONG_HOOK);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/[_.\-]$/);
    const runs = hooks.getByRole('row').filter({ hasText: LONG_HOOK }).getByRole('cell').nth(2);
    expect(await renderedLines(runs)).toEqual(['variable.set']);
    // On the phone the source shows too: the config hook says it is read-only.
    expect(await hookRowIn(phone.page, 'lights_on_motion').getByText('read-only').isVisible()).toBe(true);
    await phone.close();
  });

  it('caused no console error and no CSP violation', () => {
    expect(panel.problems.errors).toEqual([]);
    expect(panel.problems.cspViolations).toEqual([]);
  });
});
