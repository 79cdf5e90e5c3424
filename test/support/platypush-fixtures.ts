import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The real platypush configs (test/fixtures/platypush-configs/NN, NOTES.md in each says where from). */
export const PLATYPUSH_CONFIGS = resolve(__dirname, '../fixtures/platypush-configs');

export function platypushConfigIds(): string[] {
  return readdirSync(PLATYPUSH_CONFIGS)
    .filter((name) => /^\d\d$/.test(name))
    .sort();
}

/** EXPECTED.tsv: the ids upstream's own material gets wrong (the hub is right to refuse them). */
export function trulyInvalidIds(): string[] {
  return readFileSync(join(PLATYPUSH_CONFIGS, 'EXPECTED.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([, , verdict]) => verdict?.startsWith('hub right'))
    .map(([id]) => id);
}

/**
 * Copies config NN into `<root>/NN` and makes it runnable here, the way the fixtures' NOTES.md
 * describe: `@WORK@` becomes `root`, and the fixed test port becomes 0 (a free one). Nothing else
 * is edited. Returns the path of its config.yaml.
 */
export function preparePlatypushConfig(id: string, root: string): string {
  const dir = join(root, id);
  cpSync(join(PLATYPUSH_CONFIGS, id), dir, { recursive: true });
  for (const file of yamlFiles(dir)) {
    const text = readFileSync(file, 'utf8')
      .replaceAll('@WORK@', root)
      .replace(/^(\s+port:\s*)18\d\d\d\b/m, '$10');
    writeFileSync(file, text);
  }
  return join(dir, 'config.yaml');
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}
