// The rule editor's reading of expression errors: where in the expression the API says the error
// is. Payload errors and their mapping onto form fields are @cic/shared/userErrors.

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
