// The browser suite's backend: one real `cic e2e-server`, started once for all files. The code is
// shared with the other front end: ../../e2e-support/e2e-server.ts.
export { default } from '../../e2e-support/e2e-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** JSON: simulator name -> URL (e.g. the mobile bank's H5 page). */
    simulators: string;
  }
}
