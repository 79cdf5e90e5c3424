import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

describe('libs/dashboards/src/model', () => {
  it('imports only its own files, so that the webapp can bundle it without server code', () => {
    for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const source = readFileSync(join(__dirname, file), 'utf8');
      const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const specifier of specifiers) expect(`${file}: ${specifier}`).toMatch(/: \.\/[a-z-]+$/);
    }
  });
});
