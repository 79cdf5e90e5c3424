import { describe, expect, it } from 'vitest';
import { createApp, h } from 'vue';
import BreakableName from './BreakableName.vue';

function render(name: string): HTMLElement {
  const root = document.createElement('div');
  createApp({ render: () => h(BreakableName, { name }) }).mount(root);
  return root;
}

describe('BreakableName', () => {
  it('offers a line break after each separator and nowhere else', () => {
    const root = render('lights_on.motion-hall/a:b');
    const pieces = [...root.firstElementChild!.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .filter(Boolean); // Vue's empty fragment anchors
    expect(pieces).toEqual(['lights_', 'on.', 'motion-', 'hall/', 'a:', 'b']);
    expect(root.querySelectorAll('wbr')).toHaveLength(5);
  });

  it('keeps the name as its text, and renders markup in it as text', () => {
    expect(render('lights_on_motion').textContent).toBe('lights_on_motion');
    const root = render('<b>x</b>_y');
    expect(root.querySelector('b')).toBeNull();
    expect(root.textContent).toBe('<b>x</b>_y');
  });

  it('leaves a name without separators whole', () => {
    const root = render('greet');
    expect(root.querySelectorAll('wbr')).toHaveLength(0);
    expect(root.textContent).toBe('greet');
  });
});
