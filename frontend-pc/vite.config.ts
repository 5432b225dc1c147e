/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';

// The backend serves dist/ at /pc/ (backend/web/app.py `_frontend`). `npm run dev` proxies the API
// (and the signed image links, /images/view/...) to a local `cic run` (CIC_API, default
// http://127.0.0.1:8000).
const api = process.env.CIC_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/pc/',
  plugins: [react()],
  server: {
    proxy: { '/graphql': api, '/auth': api, '/imports': api, '/exports': api, '/images': api, '/reports/monthly': api },
  },
  build: {
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/antd') || id.includes('node_modules/@ant-design') || id.includes('node_modules/rc-') || id.includes('node_modules/@rc-component')) return 'antd';
          if (id.includes('node_modules/react') || id.includes('node_modules/scheduler')) return 'react';
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
    // A busy 2-core machine renders antd's first screen of a file in seconds: tests wait for what
    // they expect (findBy*, waitFor: 5 s in src/test/setup.ts) rather than fail on vitest's 5 s.
    testTimeout: 20_000,
    // vitest's default is one worker fewer than the cores: one on CI's two. Two workers there
    // took the 302 tests from 180 s to 90-111 s (three runs, the slowest test 8.7-10.4 s against
    // its 20 s; docs/operations.md, "Tests").
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
