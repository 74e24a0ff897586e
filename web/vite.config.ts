import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { sourcesFingerprint } from './sources-hash.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

// The build is embedded into the Go binary (web/handler.go): everything it
// needs is bundled under assets/ with content hashes, nothing is loaded
// from elsewhere (the served Content-Security-Policy allows only 'self').
export default defineConfig({
  plugins: [
    react(),
    {
      name: 'planner-sources-fingerprint',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'build-sources.txt', source: sourcesFingerprint(root) + '\n' });
      },
    },
  ],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});
