import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard: built from web/ into dist/web at `npm run build` (which `npm install` runs); served by the gateway. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: fileURLToPath(new URL('../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
});
