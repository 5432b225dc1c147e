// A vitest reporter for the browser suites: after the default report, one line per failure, in
// the order they happened, each with its error's first lines. A CI log is often read from its end
// (or only its end is kept), and the default report prints each failure's long call log and code
// frame in turn, so the first failure, usually the cause of the ones after it, scrolls away.
//
// Typed structurally (as api.ts and screen-audit.ts), so this file needs no package of its own.

interface ErrorLike {
  message?: string;
  name?: string;
}

interface TestCaseLike {
  type: 'test';
  fullName: string;
  result(): { state: string; errors?: ReadonlyArray<ErrorLike> };
}

interface SuiteLike {
  type: 'suite';
  fullName: string;
  errors(): ErrorLike[];
  children: Iterable<TestCaseLike | SuiteLike>;
}

interface TestModuleLike {
  relativeModuleId?: string;
  moduleId: string;
  errors(): ErrorLike[];
  children: Iterable<TestCaseLike | SuiteLike>;
}

/** The error's first meaningful lines, colours stripped, on one line. */
export function firstLines(error: ErrorLike, lines = 3): string {
  const text = `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message ?? String(error)}`;
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, lines)
    .join(' | ');
}

/** The summary's lines: per file, its own errors, then its suites and tests in the order they
 * ran (a suite's hook failure before its tests), then the run's unhandled errors. */
export function failureLines(modules: ReadonlyArray<TestModuleLike>, unhandled: ReadonlyArray<ErrorLike> = []): string[] {
  const out: string[] = [];
  for (const module of modules) {
    const file = module.relativeModuleId ?? module.moduleId;
    for (const error of module.errors()) out.push(`${file}: ${firstLines(error)}`);
    const walk = (children: Iterable<TestCaseLike | SuiteLike>) => {
      for (const child of children) {
        if (child.type === 'suite') {
          for (const error of child.errors()) out.push(`${file} > ${child.fullName} (hook): ${firstLines(error)}`);
          walk(child.children);
          continue;
        }
        const result = child.result();
        if (result.state === 'failed') out.push(`${file} > ${child.fullName}: ${result.errors?.length ? firstLines(result.errors[0]) : 'failed'}`);
      }
    };
    walk(module.children);
  }
  for (const error of unhandled) out.push(`unhandled: ${firstLines(error)}`);
  return out;
}

export default class FailureSummary {
  onTestRunEnd(modules: ReadonlyArray<TestModuleLike>, unhandled: ReadonlyArray<ErrorLike>): void {
    const lines = failureLines(modules, unhandled);
    if (!lines.length) return;
    console.log(`\nFailures, in the order they ran (${lines.length}):`);
    lines.forEach((line, i) => console.log(`  ${i + 1}. ${line}`));
  }
}
