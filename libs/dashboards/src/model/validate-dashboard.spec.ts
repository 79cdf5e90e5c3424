import { describe, expect, it } from 'vitest';

import { widgetCatalogue } from './catalogue';
import { coerceAttributes } from './coerce-attributes';
import { validateDashboard } from './validate-dashboard';
import { WIDGETS } from './widget-catalogue';
import { parseDashboardXml } from './xml-parser';

const validate = (xml: string) => validateDashboard(parseDashboardXml(xml));

describe('validateDashboard', () => {
  it('accepts the platypush example dashboard unchanged', () => {
    const xml = `<Dashboard>
  <Row>
    <Calendar class="col-6" />
    <Music class="col-3" />
    <DateTimeWeather class="col-3" />
  </Row>
  <Row>
    <ImageCarousel class="col-6" img-dir="/mnt/hd/photos/carousel" />
    <RssNews class="col-6" db="sqlite:////path/to/your/rss.db" />
  </Row>
</Dashboard>`;
    expect(validate(xml)).toEqual([]);
  });

  it('reports unknown widgets and bad attributes with their element position', () => {
    const issues = validate(
      '<Dashboard>\n<Row>\n  <Nope/>\n  <Gauge min="low"/>\n  <Variable/>\n</Row></Dashboard>',
    );
    expect(issues).toEqual([
      { message: 'Unknown widget <Nope>', line: 3, column: 3, widget: 'Nope' },
      {
        message: `<Gauge> 'min': expected a number, got "low"`,
        line: 4,
        column: 3,
        widget: 'Gauge',
        attribute: 'min',
      },
      {
        message: "<Variable> Missing attribute 'name'",
        line: 5,
        column: 3,
        widget: 'Variable',
        attribute: 'name',
      },
    ]);
  });

  it('checks the root and the rows', () => {
    expect(validate('<Page/>')[0].message).toMatch(/root element must be <Dashboard>/);
    expect(validate('<Dashboard theme="pink"><Calendar/></Dashboard>').map((i) => i.message)).toEqual([
      '\'theme\': expected one of light, dark, auto, schedule, got "pink"',
      '<Dashboard> holds <Row> elements, not <Calendar>',
    ]);
  });
});

describe('coerceAttributes', () => {
  it('types values by schema and fills defaults', () => {
    const { values, problems } = coerceAttributes(
      { args: '{"a": 1}', action: 'x.y', class: 'col-4' },
      WIDGETS.Button.attributes,
      WIDGETS.Button.required,
    );
    expect(problems).toEqual([]);
    expect(values).toEqual({ args: { a: 1 }, action: 'x.y', class: 'col-4' });
    expect(coerceAttributes({ types: 'A, B' }, WIDGETS.EventLog.attributes).values).toMatchObject({
      types: ['A', 'B'],
      limit: 20,
    });
    expect(coerceAttributes({ controls: 'false' }, WIDGETS.Music.attributes).values.controls).toBe(false);
  });

  it('refuses URLs that are not relative, http(s) or inline images', () => {
    for (const src of ['file:///etc/passwd', 'data:text/html,<script>', 'vbscript:x']) {
      expect(coerceAttributes({ src }, WIDGETS.Image.attributes, ['src']).problems).toHaveLength(1);
    }
    expect(coerceAttributes({ src: '/resources/photos/a.jpg' }, WIDGETS.Image.attributes).problems).toEqual(
      [],
    );
  });
});

describe('widgetCatalogue', () => {
  it('publishes every widget with a JSON Schema of its attributes, class and style included', () => {
    const catalogue = widgetCatalogue();
    expect(Object.keys(catalogue).length).toBeGreaterThanOrEqual(21);
    for (const entry of Object.values(catalogue)) {
      expect(entry.doc.length).toBeGreaterThan(10);
      expect(entry.attributes.properties).toHaveProperty('class');
      for (const schema of Object.values(entry.attributes.properties))
        expect(schema.description).toBeTruthy();
    }
    expect(catalogue.ImageCarousel.attributes.required).toEqual(['img-dir']);
  });
});
