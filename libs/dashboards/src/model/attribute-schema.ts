/**
 * Widget attribute schemas: a small JSON Schema subset, written as data so that the catalogue
 * endpoint publishes it as is and the webapp coerces with it (no schema compiler, nothing generated
 * at run time: the CSP forbids `unsafe-eval`).
 */
export interface AttributeSchema {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  description: string;
  default?: string | number | boolean | Record<string, unknown> | unknown[];
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  /** `uri`: a URL (relative to the hub, http(s), or data:image); `time`: `HH:MM`. */
  format?: 'uri' | 'time';
  /** For arrays: what each item is. Arrays are written as JSON or as a comma-separated list. */
  items?: { type: 'string' | 'number' };
}

export interface WidgetDefinition {
  /** One paragraph for the catalogue and docs/dashboards.md. */
  doc: string;
  /** kebab-case attribute name → schema (`class` and `style` are added to every widget). */
  attributes: Record<string, AttributeSchema>;
  required?: readonly string[];
  /** What the element's text means, when the widget reads it (Markdown source, a label). */
  text?: string;
  /** The plugin whose actions feed the widget; the tile says so when it is not configured. */
  plugin?: string;
}

/** `{<Tag>: {doc, attributes: <JSON Schema>}}`, what `GET /api/v1/dashboards/widgets` answers. */
export interface CatalogueEntry {
  doc: string;
  text?: string;
  plugin?: string;
  attributes: {
    type: 'object';
    properties: Record<string, AttributeSchema>;
    required: string[];
    additionalProperties: false;
  };
}

export const COMMON_ATTRIBUTES: Record<string, AttributeSchema> = {
  class: {
    type: 'string',
    description: 'CSS classes; `col-1` … `col-12` set the width in twelfths of the row (default `col-3`).',
  },
  style: { type: 'string', description: 'Inline CSS for the tile (e.g. `width: 50%`).' },
};
