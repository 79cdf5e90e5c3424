import { type CatalogueEntry, COMMON_ATTRIBUTES, type WidgetDefinition } from './attribute-schema';
import { WIDGETS } from './widget-catalogue';

/** The widget catalogue as JSON Schema per tag (`GET /api/v1/dashboards/widgets`, docs, editor completion). */
export function widgetCatalogue(): Record<string, CatalogueEntry> {
  const out: Record<string, CatalogueEntry> = {};
  for (const [tag, def] of Object.entries(WIDGETS) as Array<[string, WidgetDefinition]>) {
    out[tag] = {
      doc: def.doc,
      ...(def.text ? { text: def.text } : {}),
      ...(def.plugin ? { plugin: def.plugin } : {}),
      attributes: {
        type: 'object',
        properties: { ...def.attributes, ...COMMON_ATTRIBUTES },
        required: [...(def.required ?? [])],
        additionalProperties: false,
      },
    };
  }
  return out;
}
