/** One problem found in config.yaml. */
export interface ConfigIssue {
  /** Dotted path, e.g. `backend.http.port`. */
  path: string;
  message: string;
  /** `config.yaml:4`, when known. */
  location?: string;
  /** The path as segments, used to find the location. */
  at?: ReadonlyArray<string | number>;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.location ? ` (${issue.location})` : '';
  return issue.path ? `${issue.path}: ${issue.message}${where}` : `${issue.message}${where}`;
}
