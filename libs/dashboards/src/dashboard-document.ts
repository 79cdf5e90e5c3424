import {
  type DashboardIssue,
  type DashboardNode,
  DashboardParseError,
  parseDashboardXml,
  validateDashboard,
} from './model';

/** A dashboard's XML read into a tree plus its issues; `tree` is null when it does not parse. */
export interface DashboardDocument {
  tree: DashboardNode | null;
  errors: DashboardIssue[];
}

export function readDashboard(xml: string): DashboardDocument {
  try {
    const tree = parseDashboardXml(xml);
    return { tree, errors: validateDashboard(tree) };
  } catch (err) {
    if (err instanceof DashboardParseError) return { tree: null, errors: [err.toIssue()] };
    throw err;
  }
}

/** `dashboards/main.xml:3:5: Unknown widget <Nope>`, the form start-up warnings take. */
export function formatIssue(file: string, issue: DashboardIssue): string {
  return `${file}:${issue.line}:${issue.column}: ${issue.message}`;
}
