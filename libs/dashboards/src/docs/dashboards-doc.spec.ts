import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { WIDGETS } from '../model';
import { renderDashboardsDoc } from './dashboards-doc';

describe('docs/dashboards.md', () => {
  it('is what the catalogue renders (run `npm run docs:dashboards` after changing a widget)', () => {
    const onDisk = readFileSync(resolve(__dirname, '../../../../docs/dashboards.md'), 'utf8');
    expect(onDisk).toBe(renderDashboardsDoc());
  });

  it('documents every widget and each of its attributes', () => {
    const doc = renderDashboardsDoc();
    for (const [tag, def] of Object.entries(WIDGETS)) {
      expect(doc).toContain(`### ${tag}\n`);
      for (const name of Object.keys(def.attributes)) expect(doc).toContain(`| \`${name}\` |`);
    }
  });
});
