import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** Unit tests of stores, composables and components, next to them (`*.spec.ts`), in happy-dom. */
export default defineProject({
  plugins: [vue()],
  test: {
    name: 'webapp',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.spec.ts'],
    environment: 'happy-dom',
  },
});
