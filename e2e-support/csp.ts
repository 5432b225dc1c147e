// The backend serves both front ends with a Content-Security-Policy (backend/http_guards.py:
// only our own scripts, no eval, styles inline, images from us, data: and blob:). The browser
// tests run the built apps under it, and these helpers make a violation fail the test that
// caused it instead of passing unnoticed: Chromium reports every blocked script, style, image or
// connection as a console error naming the Content Security Policy (and a blocked eval throws).
// Typed structurally, so this file needs no package (like api.ts).

interface ConsoleMessageLike {
  type(): string;
  text(): string;
}

interface PageLike {
  on(event: 'console', listener: (message: ConsoleMessageLike) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
}

export interface CspWatch {
  /** The violations reported since the last call, and forget them. */
  take(): string[];
}

/** Collect the Content-Security-Policy violations a page reports. */
export function watchCsp(page: PageLike): CspWatch {
  let seen: string[] = [];
  const note = (text: string) => {
    if (/Content Security Policy/i.test(text)) seen.push(text);
  };
  page.on('console', (message) => note(message.text()));
  // An eval the policy blocks throws an EvalError naming it; uncaught, it is a page error.
  page.on('pageerror', (error) => note(error.message));
  return {
    take() {
      const taken = seen;
      seen = [];
      return taken;
    },
  };
}

/** For afterEach: fail the test during which the page reported a violation. */
export function failOnCspViolations(watch: CspWatch | undefined): void {
  const violations = watch?.take() ?? [];
  if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
}

/** The policy really is sent for the app at `path` (else the suite would prove nothing about it). */
export async function assertCspServed(baseURL: string, path: string): Promise<void> {
  const response = await fetch(`${baseURL}${path}`);
  const policy = response.headers.get('content-security-policy') ?? '';
  if (!/script-src 'self'(;|$)/.test(policy)) throw new Error(`${path} is served without the Content-Security-Policy (got ${JSON.stringify(policy)})`);
}
