import { describe, expect, it } from 'vitest';

import { DashboardParseError } from './dashboard-node';
import { DEFAULT_LIMITS, parseDashboardXml } from './xml-parser';

function parseError(xml: string): DashboardParseError {
  try {
    parseDashboardXml(xml);
  } catch (err) {
    if (err instanceof DashboardParseError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('parseDashboardXml', () => {
  it('builds the tree with the line and column of every element', () => {
    const tree = parseDashboardXml(
      '<?xml version="1.0"?>\n<Dashboard title="Home">\n  <!-- a row -->\n  <Row>\n    <Calendar class="col-6" />\n    <Markdown>\n      # Hi &amp; bye\n      - one\n    </Markdown>\n  </Row>\n</Dashboard>\n',
    );
    expect(tree).toMatchObject({ type: 'Dashboard', attrs: { title: 'Home' }, line: 2, column: 1 });
    const row = tree.children[0];
    expect(row).toMatchObject({ type: 'Row', line: 4, column: 3 });
    expect(row.children[0]).toEqual({
      type: 'Calendar',
      attrs: { class: 'col-6' },
      children: [],
      line: 5,
      column: 5,
    });
    expect(row.children[1]).toMatchObject({ type: 'Markdown', text: '# Hi & bye\n- one', line: 6 });
    expect(row.text).toBeUndefined();
  });

  it('keeps CDATA text as written and decodes character references', () => {
    const tree = parseDashboardXml(
      '<Dashboard><Markdown><![CDATA[a <b> & c]]> &#65;&#x42;</Markdown></Dashboard>',
    );
    expect(tree.children[0].text).toBe('a <b> & c AB');
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY a "b">]><Dashboard/>', /DOCTYPE/, 1, 1],
    ['<Dashboard>\n<!ENTITY a "b"></Dashboard>', /Declarations/, 2, 1],
    ['<Dashboard>\n  <?php echo 1 ?></Dashboard>', /Processing instructions/, 2, 3],
    ['<Dashboard>&lol;</Dashboard>', /Entity &lol; is not allowed/, 1, 12],
    ['<Dashboard>\n <Row onclick="alert(1)"/></Dashboard>', /Event-handler attributes \('onclick'\)/, 2, 7],
    ['<Dashboard><Image src=" jav&#x09;ascript:alert(1)"/></Dashboard>', /script URL/, 1, 19],
    [
      '<Dashboard><Row></Dashboard>',
      /<\/Dashboard> does not close <Row> \(opened at line 1, column 12\)/,
      1,
      17,
    ],
    ['<Dashboard a="1" a="2"/>', /given twice/, 1, 18],
    ['<Dashboard a=1/>', /must be quoted/, 1, 14],
    ['<Dashboard/><Dashboard/>', /Only one root/, 1, 13],
    ['', /no root element/, 1, 1],
    ['<Dashboard>', /never closed/, 1, 1],
    ['<Dashboard><x:Row/></Dashboard>', /namespaces/, 1, 14],
  ])('refuses %j with a message and its position', (xml, message, line, column) => {
    const err = parseError(xml);
    expect(err.reason).toMatch(message);
    expect({ line: err.line, column: err.column }).toEqual({ line, column });
  });

  it('enforces the size, depth and element-count limits', () => {
    expect(parseError('<D>' + ' '.repeat(DEFAULT_LIMITS.maxLength) + '</D>').reason).toMatch(/larger than/);
    const deep = '<a>'.repeat(17) + '</a>'.repeat(17);
    expect(parseError(deep).reason).toMatch(/nested deeper than 16/);
    const many = `<D>${'<x/>'.repeat(DEFAULT_LIMITS.maxElements)}</D>`;
    expect(parseError(many).reason).toMatch(/More than 5000 elements/);
  });

  it('does not let an attribute named __proto__ change the attribute object', () => {
    const tree = parseDashboardXml('<Dashboard __proto__="x" title="t"/>');
    expect(Object.getPrototypeOf(tree.attrs)).toBe(Object.prototype);
    expect(tree.attrs.title).toBe('t');
  });
});
