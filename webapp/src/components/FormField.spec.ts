import { describe, expect, it } from 'vitest';
import { createApp, h, nextTick, reactive } from 'vue';
import FormField from './FormField.vue';

/** Mounts one field with an input bound to the slot's wiring; `hint` adds a hint slot. */
function mount(props: { error: string; alert?: boolean }, hint = false) {
  const state = reactive(props);
  const root = document.createElement('div');
  const app = createApp({
    render: () =>
      h(
        FormField,
        { id: 'pet-name', label: 'Pet name', error: state.error, alert: state.alert },
        {
          default: (field: Record<string, unknown>) => h('input', field),
          ...(hint ? { hint: ({ id }: { id: string }) => h('p', { id }, 'What it answers to.') } : {}),
        },
      ),
  });
  app.mount(root);
  const input = () => root.querySelector('input')!;
  const message = () => root.querySelector('#pet-name-error');
  return { state, root, input, message, unmount: () => app.unmount() };
}

describe('FormField', () => {
  it('labels the control and points it at its message, which is there before any error', async () => {
    const f = mount({ error: '' });
    expect(f.root.querySelector('label')!.getAttribute('for')).toBe('pet-name');
    expect(f.input().id).toBe('pet-name');
    expect(f.input().getAttribute('aria-describedby')).toBe('pet-name-error');
    expect(f.input().hasAttribute('aria-invalid')).toBe(false);
    expect(f.message()!.textContent).toBe('');
    expect(f.message()!.getAttribute('role')).toBeNull();

    f.state.error = 'Taken.';
    await nextTick();
    expect(f.input().getAttribute('aria-invalid')).toBe('true');
    expect(f.message()!.textContent).toBe('Taken.');
    f.unmount();
  });

  it('with alert, shows the message only with an error, as an alert', async () => {
    const f = mount({ error: '', alert: true });
    expect(f.message()).toBeNull();

    f.state.error = 'Not valid JSON.';
    await nextTick();
    expect(f.message()!.getAttribute('role')).toBe('alert');
    expect(f.message()!.textContent).toBe('Not valid JSON.');
    expect(f.input().getAttribute('aria-invalid')).toBe('true');
    f.unmount();
  });

  it('describes the control by its hint first, then its message', () => {
    const f = mount({ error: '' }, true);
    expect(f.input().getAttribute('aria-describedby')).toBe('pet-name-hint pet-name-error');
    expect(f.root.querySelector('#pet-name-hint')!.textContent).toBe('What it answers to.');
    f.unmount();
  });
});
