// The browser suites' closing summary (../../e2e-support/failure-summary.ts), on a run whose
// failures are known: every failure is named, in the order it ran, with its error's first lines.
import { describe, expect, it } from 'vitest';
import { failureLines, firstLines } from '../../e2e-support/failure-summary';

const test = (fullName: string, state: string, message?: string) => ({
  type: 'test' as const,
  fullName,
  result: () => ({ state, errors: message ? [{ name: 'AssertionError', message }] : [] }),
});

describe('the failure summary', () => {
  it('lists the failed tests and hooks of each file in the order they ran, passed and skipped ones left out', () => {
    const modules = [
      {
        moduleId: '/x/e2e/a.e2e.ts',
        relativeModuleId: 'e2e/a.e2e.ts',
        errors: () => [],
        children: [
          {
            type: 'suite' as const,
            fullName: 'branch manager',
            errors: () => [],
            children: [
              test('branch manager > edits', 'failed', '\u001b[31mexpected 3\u001b[39m to be 4\n\n  at support.ts:12\n  more\n  even more'),
              test('branch manager > returns', 'failed', 'locator.click: Timeout 20000ms exceeded.'),
              test('branch manager > logs in', 'passed'),
            ],
          },
          { type: 'suite' as const, fullName: 'setup', errors: () => [{ message: 'login refused' }], children: [test('setup > later', 'skipped')] },
        ],
      },
      { moduleId: '/x/e2e/b.e2e.ts', errors: () => [{ name: 'SyntaxError', message: 'Unexpected token' }], children: [] },
    ];
    expect(failureLines(modules, [{ message: 'socket hang up' }])).toEqual([
      'e2e/a.e2e.ts > branch manager > edits: AssertionError: expected 3 to be 4 | at support.ts:12 | more',
      'e2e/a.e2e.ts > branch manager > returns: AssertionError: locator.click: Timeout 20000ms exceeded.',
      'e2e/a.e2e.ts > setup (hook): login refused',
      '/x/e2e/b.e2e.ts: SyntaxError: Unexpected token',
      'unhandled: socket hang up',
    ]);
  });

  it('says nothing for a green run', () => {
    expect(failureLines([{ moduleId: 'a', errors: () => [], children: [test('ok', 'passed')] }])).toEqual([]);
    expect(firstLines({ message: 'one\ntwo\nthree\nfour' }, 2)).toBe('one | two');
  });
});
