import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress';

/**
 * The panel is served by the hub at /ui/ (assets at /ui/assets/, hashed and cached forever);
 * dashboards at /dashboard/<name> load the same index.html. Nothing evaluates code at run time:
 * templates are compiled here, and Vue's runtime-only build has no template compiler.
 */
export default defineConfig({
  base: '/ui/',
  plugins: [vue(), precompress()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    // The preload polyfill is for browsers without modulepreload; every browser we serve has it.
    modulePreload: { polyfill: false },
    // Small files stay separate (never inlined as data: URLs, which the CSP would have to allow).
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
