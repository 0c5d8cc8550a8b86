import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is served by the Lifespan server below /console/. The build keeps every script and style in
 * files (no inline code), so the pages run under a Content-Security-Policy without 'unsafe-inline'.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    target: 'es2022',
    // no inline data: URLs for small assets either: img-src and font-src stay 'self'
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
