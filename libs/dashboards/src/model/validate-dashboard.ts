import { coerceAttributes } from './coerce-attributes';
import type { DashboardIssue, DashboardNode } from './dashboard-node';
import { DASHBOARD_ATTRIBUTES, isWidgetTag, ROW_ATTRIBUTES, WIDGETS } from './widget-catalogue';

/**
 * What is wrong with a parsed dashboard: a root that is not `<Dashboard>`, children that are not
 * rows, unknown widgets, attributes their schema refuses. A dashboard with such issues still
 * renders; each bad widget becomes an error card.
 */
export function validateDashboard(root: DashboardNode): DashboardIssue[] {
  const issues: DashboardIssue[] = [];
  if (root.type !== 'Dashboard') {
    issues.push(at(root, `The root element must be <Dashboard>, not <${root.type}>`));
    return issues;
  }
  for (const problem of coerceAttributes(root.attrs, DASHBOARD_ATTRIBUTES, [], false).problems) {
    issues.push(at(root, problem.message, { attribute: problem.attribute }));
  }
  for (const row of root.children) {
    if (row.type !== 'Row') {
      issues.push(at(row, `<Dashboard> holds <Row> elements, not <${row.type}>`, { widget: row.type }));
      continue;
    }
    for (const problem of coerceAttributes(row.attrs, ROW_ATTRIBUTES, [], false).problems) {
      issues.push(at(row, problem.message, { attribute: problem.attribute }));
    }
    for (const widget of row.children) issues.push(...widgetIssues(widget));
  }
  return issues;
}

/** Issues of one widget element (used by the validator and by the renderer's error cards). */
export function widgetIssues(node: DashboardNode): DashboardIssue[] {
  if (!isWidgetTag(node.type)) return [at(node, `Unknown widget <${node.type}>`, { widget: node.type })];
  const definition = WIDGETS[node.type] as (typeof WIDGETS)[keyof typeof WIDGETS] & {
    required?: readonly string[];
  };
  const issues = coerceAttributes(node.attrs, definition.attributes, definition.required).problems.map((p) =>
    at(node, `<${node.type}> ${p.message}`, { widget: node.type, attribute: p.attribute }),
  );
  if (node.children.length) {
    issues.push(at(node.children[0], `<${node.type}> cannot contain elements`, { widget: node.type }));
  }
  return issues;
}

function at(node: DashboardNode, message: string, extra: Partial<DashboardIssue> = {}): DashboardIssue {
  return { message, line: node.line, column: node.column, ...extra };
}
