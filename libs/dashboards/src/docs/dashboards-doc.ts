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
- **Wall tablets**: \`?kiosk=1\` (or \`kiosk="true"\`) hides navigation, edit links and the cursor and keeps the
  screen awake with the Wake Lock API where the page is secure (HTTPS or localhost); otherwise a line at the top says
  the screen may turn off. \`night-dim\` darkens the page between \`night-start\` and \`night-end\`; \`pixel-shift\`
  moves it by a pixel or two every minute against burn-in.
- **Tokens for tablets**: a token with the scopes \`dashboards:read\`, \`events:read\` and the actions its widgets call
  (\`variable.get\`, \`calendar.*\`, ...) opens \`/dashboard/<name>?token=<token>\` (the page takes the token out of the
  address bar). It cannot open the panel: \`/ui/\` needs a session, an unscoped credential or the \`panel\` scope.
- **Editor**: \`/ui/dashboards/<name>/edit\` in the panel: completion of widget names and attributes from this
  catalogue, the hub's findings underlined at their line, a live preview, and saving with the ETag it loaded (a
  conflicting change opens a dialog: overwrite, load theirs, or cancel).

## API

Authenticated; writes need an administrator with an unscoped credential. Names are \`[A-Za-z0-9_-]{1,64}\`.

| route | answer |
|---|---|
| \`GET /api/v1/dashboards\` | \`[{name, title, updated_at}]\` (scope \`dashboards:read\` for scoped tokens) |
| \`GET /api/v1/dashboards/:name\` | \`{name, xml, tree, errors, etag}\` and an \`ETag\` header; \`tree\` is null when the file does not parse, with the parse error in \`errors\`; 404 when there is no such file |
| \`PUT /api/v1/dashboards/:name\` | body \`application/xml\` (or \`text/xml\`) or JSON \`{"xml": ...}\`; optional \`If-Match\`. 201 created / 200 updated with \`{status, name, xml, etag, tree, errors}\` (schema findings are saved and reported); 400 \`{errors: [{message, line, column}]}\` for XML that does not parse or is refused (file untouched); 412 \`{etag}\` when \`If-Match\` is stale; 413 over 256 KiB |
| \`DELETE /api/v1/dashboards/:name\` | \`{deleted}\`; \`If-Match\` honoured (412) |
| \`POST /api/v1/dashboards/validate\` | same bodies as PUT; \`{tree, errors}\`, nothing saved |
| \`GET /api/v1/dashboards/widgets\` | \`{<Tag>: {doc, text?, plugin?, attributes: <JSON Schema>}}\`: the catalogue below |

A tree node is \`{type, attrs, text?, children, line, column}\`; a finding is \`{message, line, column, widget?, attribute?}\`.
Every change to a file, through the API or on disk, posts \`DashboardChangedEvent {name, change: created|updated|deleted}\`
once. At start every file is checked like the rest of the configuration: findings are logged as
\`dashboards/<name>.xml:<line>:<column>: <message>\` and the hub starts anyway.
`;
