import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { renderDashboardsDoc } from './dashboards-doc';

// `npm run docs:dashboards`: run from the repository root.
const target = resolve(process.cwd(), 'docs/dashboards.md');
writeFileSync(target, renderDashboardsDoc());
process.stdout.write(`wrote ${target}\n`);
