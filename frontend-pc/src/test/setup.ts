import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy*/waitFor wait up to 5 s for what a test expects (1 s by default): on a busy machine the
// first render of an antd screen can take longer than a second.
configure({ asyncUtilTimeout: 5000 });

// Testing Library cleans up after each test only with global hooks; vitest runs without globals.
afterEach(() => cleanup());

// jsdom lacks these; Ant Design asks for them.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
