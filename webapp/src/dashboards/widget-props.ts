import type { DashboardNode } from '../../../libs/dashboards/src/model';

/** What every widget component receives: its typed attributes and the element it came from. */
export interface WidgetProps {
  /** Attribute values typed by the widget's schema, defaults filled in (kebab-case keys). */
  attrs: Record<string, unknown>;
  /** The element's text (Markdown source, a label). */
  text?: string;
  node: DashboardNode;
}

/** Typed reads of coerced attributes (the schema already checked the types). */
export const str = (attrs: Record<string, unknown>, name: string): string | undefined =>
  typeof attrs[name] === 'string' ? (attrs[name] as string) : undefined;
export const num = (attrs: Record<string, unknown>, name: string, fallback = 0): number =>
  typeof attrs[name] === 'number' ? (attrs[name] as number) : fallback;
export const bool = (attrs: Record<string, unknown>, name: string, fallback = false): boolean =>
  typeof attrs[name] === 'boolean' ? (attrs[name] as boolean) : fallback;
