import { type AttributeSchema, DASHBOARD_ATTRIBUTES, widgetCatalogue } from '../model';

/**
 * docs/dashboards.md, rendered from the widget catalogue so that it cannot drift from what the
 * hub accepts (`npm run docs:dashboards` writes it; a test fails when the file differs).
 */
export function renderDashboardsDoc(): string {
  const catalogue = widgetCatalogue();
  const out: string[] = [INTRO, '## The `<Dashboard>` element', '', attributeTable(DASHBOARD_ATTRIBUTES), ''];
  out.push('## Widgets', '', 'Every widget also takes `class` and `style`.', '');
  for (const [tag, entry] of Object.entries(catalogue)) {
    const { class: _c, style: _s, ...own } = entry.attributes.properties;
    out.push(`### ${tag}`, '', entry.doc, '');
    if (entry.plugin)
      out.push(`Needs the \`${entry.plugin}\` plugin; the tile says so when it is not configured.`, '');
    if (entry.text) out.push(`Element text: ${entry.text}`, '');
    if (Object.keys(own).length) out.push(attributeTable(own, entry.attributes.required), '');
    else out.push('No attributes of its own.', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function attributeTable(attrs: Record<string, AttributeSchema>, required: readonly string[] = []): string {
  const rows = Object.entries(attrs).map(([name, schema]) => {
    const type = schema.enum ? schema.enum.map((v) => `\`${v}\``).join(' \\| ') : typeName(schema);
    const dflt = required.includes(name)
      ? '**required**'
      : schema.default === undefined
        ? ''
        : `\`${JSON.stringify(schema.default)}\``;
    return `| \`${name}\` | ${type} | ${dflt} | ${schema.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| attribute | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

function typeName(schema: AttributeSchema): string {
  const range =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? ` ${schema.minimum ?? ''}–${schema.maximum ?? ''}`
      : '';
  if (schema.type === 'object') return 'JSON object';
  if (schema.type === 'array') return `list of ${schema.items?.type ?? 'string'}s (JSON or a,b,c)`;
  if (schema.format === 'uri') return 'URL';
  if (schema.format === 'time') return 'HH:MM';
  return `${schema.type}${range}`;
}

const INTRO = `# Dashboards

<!-- Generated from the widget catalogue (libs/dashboards/src/model/widget-catalogue.ts) by
     \`npm run docs:dashboards\`. Do not edit by hand: the test suite fails when this file drifts. -->

XML dashboards for wall tablets, in platypush's format: \`<config dir>/dashboards/<name>.xml\` is shown at
\`/dashboard/<name>\`. platypush dashboards load unchanged.

\`\`\`xml
<Dashboard title="Home" theme="auto">
  <Row>
    <Calendar class="col-6" />
    <Music class="col-3" />
    <DateTimeWeather class="col-3" />
  </Row>
  <Row>
    <Variable class="col-3" name="temperature" unit="°C" />
    <Button class="col-3" action="light.toggle" confirm="Toggle the lights?">Lights</Button>
  </Row>
</Dashboard>
\`\`\`

- **Layout**: each \`<Row>\` has 12 columns; \`class="col-N"\` gives a widget N of them (default \`col-3\`).
  Rows grow with their content; on narrow screens widgets stack. \`class\` and \`style\` work on rows and widgets.
- **Attributes** are kebab-case strings typed by each widget's schema below: numbers, booleans
  (\`true\`/\`false\`), JSON objects, lists. A widget with an unknown tag or an attribute its schema refuses
  is shown as an error card naming the tag, attribute and line; the rest of the dashboard keeps working.
- **Refused at parse time** (the file is not saved through the API, and an open dashboard keeps its last
  good version): DOCTYPE and entity declarations, processing instructions, \`on*\` attributes,
  \`javascript:\` URLs, files over 256 KiB or nested deeper than 16 levels.
- **Live**: the hub watches the directory; a saved file reaches open dashboards within a second, without a
  reload. Widgets load a snapshot, then follow events over one socket per page; after a reconnect, a hub
  restart or a tablet waking up they re-fetch, and tiles whose data may be old are marked as stale.
- **API** (\`docs/api.md\`): \`GET /api/v1/dashboards\`, \`GET|PUT|DELETE /api/v1/dashboards/:name\` (ETag /
  \`If-Match\`), \`POST /api/v1/dashboards/validate\`, \`GET /api/v1/dashboards/widgets\` (this catalogue as JSON Schema).
- **Wall tablets**: \`?kiosk=1\` (or \`kiosk="true"\`) hides navigation and the cursor and keeps the screen awake.
  A token with the \`dashboards:read\` scope plus \`events:read\` and the actions its widgets call
  (\`variable.get\`, ...) opens \`/dashboard/<name>?token=<token>\` without giving access to the panel.
`;
