import { DASHBOARD_ATTRIBUTES, ROW_ATTRIBUTES, widgetCatalogue } from '../../../../libs/dashboards/src/model';

/** One suggestion: what to insert in place of the word being typed. */
export interface Completion {
  label: string;
  insert: string;
  detail: string;
}

export interface CompletionContext {
  /** Start of the word being replaced. */
  from: number;
  options: Completion[];
}

const CATALOGUE = widgetCatalogue();

/**
 * What to offer at the caret: element names after `<`, attribute names inside a start tag (those
 * of that element, from the widget catalogue, not already written). Null elsewhere.
 */
export function completeAt(text: string, caret: number): CompletionContext | null {
  const before = text.slice(0, caret);
  const lt = before.lastIndexOf('<');
  if (lt < 0 || before.lastIndexOf('>') > lt) return null;
  const inTag = before.slice(lt + 1);
  const tagName = /^([A-Za-z][\w.-]*)?$/.exec(inTag);
  if (tagName) {
    const prefix = tagName[1] ?? '';
    const names = ['Row', ...Object.keys(CATALOGUE)];
    const options = names
      .filter((n) => n.toLowerCase().startsWith(prefix.toLowerCase()))
      .map((n) => ({ label: n, insert: n, detail: n === 'Row' ? 'a row of 12 columns' : CATALOGUE[n].doc }));
    return { from: caret - prefix.length, options };
  }
  // Inside a start tag, after whitespace, not inside a quoted value.
  const quotes = (inTag.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return null;
  const attr = /\s([A-Za-z-]*)$/.exec(inTag);
  if (!attr) return null;
  const element = /^([A-Za-z][\w.-]*)/.exec(inTag)?.[1] ?? '';
  const schema =
    element === 'Dashboard'
      ? DASHBOARD_ATTRIBUTES
      : element === 'Row'
        ? ROW_ATTRIBUTES
        : (CATALOGUE[element]?.attributes.properties ?? null);
  if (!schema) return null;
  const written = new Set([...inTag.matchAll(/\s([A-Za-z-]+)\s*=/g)].map((m) => m[1]));
  const prefix = attr[1];
  const options = Object.entries(schema)
    .filter(([name]) => name.startsWith(prefix) && !written.has(name))
    .map(([name, s]) => ({ label: name, insert: `${name}=""`, detail: s.description }));
  return { from: caret - prefix.length, options };
}
