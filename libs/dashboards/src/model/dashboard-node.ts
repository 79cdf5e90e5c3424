/**
 * The neutral dashboard tree, as `GET /api/v1/dashboards/:name` sends it and the webapp renders it.
 * Everything under `model/` is plain TypeScript with no Node or Nest import: the webapp bundles it.
 */
export interface DashboardNode {
  /** The element name as written (`Dashboard`, `Row`, `Calendar`, ...). */
  type: string;
  /** Attributes as written (strings; each widget's schema types them). */
  attrs: Record<string, string>;
  /** Element text (Markdown source, a heading), with the common indentation removed. */
  text?: string;
  children: DashboardNode[];
  /** 1-based position of the element's `<`. */
  line: number;
  column: number;
}

/** One finding about a dashboard: a parse error, an unknown widget, an attribute its schema refuses. */
export interface DashboardIssue {
  message: string;
  line: number;
  column: number;
  widget?: string;
  attribute?: string;
}

/** A file that could not be turned into a tree at all (malformed or refused XML). */
export class DashboardParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = 'DashboardParseError';
  }

  /** The message without the position suffix, for `{message, line, column}`. */
  get reason(): string {
    return this.message.replace(/ \(line \d+, column \d+\)$/, '');
  }

  toIssue(): DashboardIssue {
    return { message: this.reason, line: this.line, column: this.column };
  }
}

/** Dashboard names: `[A-Za-z0-9_-]{1,64}` (the file is `<name>.xml`). */
export const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,64}$/;
