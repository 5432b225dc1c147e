import { describe, expect, it } from 'vitest';
import { caretUnder, expressionPosition } from './errors';

describe('expression error positions', () => {
  it('are read from the API messages', () => {
    expect(expressionPosition('表达式语法错误（第1行第15列）')).toEqual({ line: 1, column: 15 });
    expect(expressionPosition('表达式引用了不存在的字段或类型不匹配（第7列附近“shoeSize”）')).toEqual({ line: 1, column: 7 });
    expect(expressionPosition('ERROR: <input>:2:3: Syntax error')).toEqual({ line: 2, column: 3 });
    expect(expressionPosition('表达式的结果须为真/假')).toBeNull();
  });

  it('put a caret under the column', () => {
    expect(caretUnder('income.total >', { line: 1, column: 14 })).toBe('income.total >\n             ^');
    expect(caretUnder('a &&\nb ||', { line: 2, column: 3 })).toBe('b ||\n  ^');
  });
});
