// Payload errors carry the camelCase input path of the field they are about
// (`familyMembers[0].idNumber`, `rules[2].params.expression`); Ant Design forms address fields
// by name paths (['familyMembers', 0, 'idNumber']). These helpers map one to the other.

export interface PayloadError {
  field?: string | null;
  code: string;
  message: string;
  messageEn: string;
}

export type NamePath = (string | number)[];

/** "familyMembers[0].idNumber" -> ["familyMembers", 0, "idNumber"]; "archive." prefixes are dropped. */
export function pathToNamePath(path: string, dropPrefixes: string[] = ['input.', 'archive.']): NamePath {
  let p = path;
  for (const prefix of dropPrefixes) if (p.startsWith(prefix)) p = p.slice(prefix.length);
  const parts: NamePath = [];
  for (const segment of p.split('.')) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(segment))) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return parts;
}

export interface FieldErrors {
  /** errors a form field can show: name path -> messages */
  fields: { name: NamePath; errors: string[] }[];
  /** errors without a field the form knows: shown above the form */
  general: string[];
}

/**
 * Group payload errors by form field. `known(namePath)` says whether the form has that field;
 * errors about unknown fields (or none) become general errors, with their path for context.
 */
export function splitErrors(errors: readonly PayloadError[], locale: 'zh' | 'en', known: (name: NamePath) => boolean, prefixes?: string[]): FieldErrors {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const general: string[] = [];
  for (const e of errors) {
    const text = locale === 'zh' ? e.message : e.messageEn;
    if (e.field) {
      const name = pathToNamePath(e.field, prefixes);
      if (known(name)) {
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(text);
        byField.set(key, entry);
        continue;
      }
      general.push(`${e.field}: ${text}`);
      continue;
    }
    general.push(text);
  }
  return { fields: [...byField.values()], general };
}

/** Position inside an expression from a message like 表达式语法错误（第1行第15列） or（第7列附近“x”）. */
export function expressionPosition(message: string): { line: number; column: number } | null {
  const both = /第(\d+)行第(\d+)列/.exec(message) ?? /line (\d+),? column (\d+)/i.exec(message) ?? /<input>:(\d+):(\d+)/.exec(message);
  if (both) return { line: Number(both[1]), column: Number(both[2]) };
  const column = /第(\d+)列/.exec(message);
  if (column) return { line: 1, column: Number(column[1]) };
  return null;
}

/** The expression with a caret under the error position (monospace). */
export function caretUnder(expression: string, position: { line: number; column: number }): string {
  const lines = expression.split('\n');
  const line = lines[position.line - 1] ?? '';
  return `${line}\n${' '.repeat(Math.max(0, position.column - 1))}^`;
}
