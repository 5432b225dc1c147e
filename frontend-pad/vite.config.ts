/// <reference types="vitest/config" />
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves dist/ at /pad/ (backend/web/app.py `_frontend`). `npm run dev` proxies the API
// to a local `cic run` (CIC_API, default http://127.0.0.1:8000).
const api = process.env.CIC_API ?? 'http://127.0.0.1:8000';
const BASE = '/pad/';
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The service worker: sw/service-worker.js with the list of every file of the build (hashed
 * assets, index.html, manifest, icons) and a version derived from that list, emitted as
 * dist/sw.js. It precaches them on install, so the app opens with no network at all. (A
 * hand-written worker rather than vite-plugin-pwa: the precache is all we need, and workbox-build
 * brings a few hundred packages and a second bundler for it.)
 */
function serviceWorker(): Plugin {
  return {
    name: 'cic-pad-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const publicDir = path.resolve(here, 'public');
      // index.html is emitted after this hook runs: name it explicitly.
      const files = [...new Set([...Object.keys(bundle), ...readdirSync(publicDir), 'index.html'])].filter((f) => !f.endsWith('.map') && f !== 'sw.js').sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(path.resolve(here, 'sw/service-worker.js'), 'utf8')
        .replace('__CIC_VERSION__', version)
        .replace('__CIC_BASE__', BASE)
        .replace('__CIC_PRECACHE__', JSON.stringify(files));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  base: BASE,
  plugins: [react(), serviceWorker()],
  server: {
    proxy: { '/graphql': api, '/auth': api, '/images': api },
  },
  build: {
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/antd-mobile') || id.includes('node_modules/@react-spring') || id.includes('node_modules/ahooks') || id.includes('node_modules/rc-') || id.includes('node_modules/@use-gesture') || id.includes('node_modules/@floating-ui')) return 'antd-mobile';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
          if (id.includes('node_modules/dexie')) return 'dexie';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
  },
});
