import type { HubConfig } from '@hub/config';

export interface BannerFacts {
  url: string;
  config: Pick<HubConfig, 'config_file' | 'workdir' | 'db'>;
  hasUsers: boolean;
}

/** What to do next, in the words of the banner and of the JSON start line. */
export function nextStep({ url, hasUsers }: Pick<BannerFacts, 'url' | 'hasUsers'>): string {
  if (!hasUsers) {
    return `no user yet: open ${url}/register to create the first (admin) user (or run: npx hub user add NAME --admin)`;
  }
  return `sign in at ${url}/login; actions run with POST ${url}/execute; npx hub --help lists the admin commands`;
}

function configLine(file: string | null): string {
  return file ?? 'none: embedded defaults (copy config.example.yaml to ./config.yaml to change them)';
}

/**
 * The start banner: where the hub listens, which config it read, where its data lives, what to
 * do next. The first line stays `hub listening on <url>` (scripts and tests wait for it).
 */
export function startBanner(facts: BannerFacts): string {
  const rows = [
    ['config', configLine(facts.config.config_file)],
    ['data', `${facts.config.workdir} (database ${facts.config.db.url})`],
    ['next', nextStep(facts)],
  ];
  return [`hub listening on ${facts.url}`, ...rows.map(([k, v]) => `  ${k.padEnd(7)}${v}`)].join('\n') + '\n';
}

/** The same facts as fields of one JSON log line. */
export function startFields(facts: BannerFacts): Record<string, string> {
  return {
    url: facts.url,
    config: facts.config.config_file ?? '(embedded defaults)',
    workdir: facts.config.workdir,
    database: facts.config.db.url,
    next: nextStep(facts),
  };
}
