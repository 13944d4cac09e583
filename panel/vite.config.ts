import { defineConfig } from 'vite';

// The panel is built into panel/dist, which the read API serves; every asset is bundled (no CDN).
export default defineConfig({
  root: 'panel',
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
