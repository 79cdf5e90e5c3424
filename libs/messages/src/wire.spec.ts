import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

describe.each(['wire.ts', 'wire-automation.ts', 'wire-processes.ts', 'wire-resources.ts'])('%s', (file) => {
  it('compiles to no runtime code at all, so the webapp bundles nothing from the server', () => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    // verbatimModuleSyntax keeps every import that is not `import type`, as the webapp's build does.
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    });
    const code = outputText
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      .replace(/export \{\};?/g, '')
      .trim();
    expect(code).toBe('');
  });
});
