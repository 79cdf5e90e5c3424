import { renderToString } from 'vue/server-renderer';
import { createSSRApp, h } from 'vue';
import { describe, expect, it } from 'vitest';
import { completeAt } from './editor/xml-completion';
import { isNight } from './live/use-kiosk';
import { matchesFilter, pathValue } from './live/use-reading';
import { renderMarkdown } from './markdown/render-markdown';
import { downsample } from './widgets/downsample';

const html = (source: string) =>
  renderToString(createSSRApp({ render: () => h(() => renderMarkdown(source)) }));

describe('renderMarkdown', () => {
  it('renders headings, lists, emphasis, code and safe links', async () => {
    expect(await html('# Title\n\n- a\n- **b**\n\n`x` and [t](/p) and snake_case_name')).toBe(
      '<div><h3>Title</h3><ul><li>a</li><li><strong>b</strong></li></ul><p><code>x</code> and <a href="/p" rel="noopener noreferrer" target="_blank">t</a> and snake_case_name</p></div>',
    );
  });

  it('shows HTML as text and drops links that are not relative or http(s)', async () => {
    const out = await html('<script>alert(1)</script> [x](javascript:alert(1)) [y](data:text/html,hi)');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<a');
  });
});

describe('completeAt', () => {
  it('offers widget names after < and the element’s own attributes inside a tag', () => {
    const text = '<Dashboard><Row><Gau';
    expect(completeAt(text, text.length)?.options.map((o) => o.label)).toEqual(['Gauge']);
    const inTag = '<Gauge min="1" m';
    const ctx = completeAt(inTag, inTag.length)!;
    expect(ctx.options.map((o) => o.label)).toEqual(['max']);
    expect(ctx.from).toBe(inTag.length - 1);
    expect(completeAt('<Gauge min="a b', 15)).toBeNull();
    expect(completeAt('<Row>text', 9)).toBeNull();
  });
});

describe('readings', () => {
  it('match filters partially and read dot paths', () => {
    expect(matchesFilter({ topic: 'a', msg: { room: 'k', t: 1 } }, { msg: { room: 'k' } })).toBe(true);
    expect(matchesFilter({ topic: 'a' }, { topic: 'b' })).toBe(false);
    expect(pathValue({ msg: { t: 21 } }, 'msg.t')).toBe(21);
    expect(pathValue({ msg: 1 }, 'msg.t.u')).toBeUndefined();
    expect(pathValue({}, '__proto__')).toBeUndefined();
  });

  it('down-samples to at most the points asked for, averaging each bucket', () => {
    const readings = Array.from({ length: 100 }, (_, i) => ({ value: i, at: i }));
    const out = downsample(readings, 10);
    expect(out).toHaveLength(10);
    expect(out[0]).toEqual({ value: 4.5, at: 9 });
    expect(
      downsample(
        [
          { value: null, at: 1 },
          { value: 2, at: 2 },
        ],
        10,
      ),
    ).toEqual([{ value: 2, at: 2 }]);
  });
});

describe('isNight', () => {
  it('handles a night that wraps past midnight and one that does not', () => {
    const at = (h: number, m = 0) => new Date(2026, 0, 1, h, m);
    expect(isNight(at(23), '22:00', '07:00')).toBe(true);
    expect(isNight(at(6, 59), '22:00', '07:00')).toBe(true);
    expect(isNight(at(12), '22:00', '07:00')).toBe(false);
    expect(isNight(at(13), '12:30', '14:00')).toBe(true);
  });
});
