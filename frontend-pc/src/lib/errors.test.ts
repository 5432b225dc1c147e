import { describe, expect, it } from 'vitest';
import { caretUnder, expressionPosition, pathToNamePath, splitErrors } from './errors';

describe('error paths', () => {
  it('become form name paths', () => {
    expect(pathToNamePath('familyMembers[0].idNumber')).toEqual(['familyMembers', 0, 'idNumber']);
    expect(pathToNamePath('archive.address.regionCode')).toEqual(['address', 'regionCode']);
    expect(pathToNamePath('rules[2].params.if.value')).toEqual(['rules', 2, 'params', 'if', 'value']);
    expect(pathToNamePath('liabilities[10]')).toEqual(['liabilities', 10]);
  });

  it('are split into field errors and general ones, in the chosen language', () => {
    const errors = [
      { field: 'idNumber', code: 'ID_INVALID_CHECKSUM', message: '身份证号码校验位错误', messageEn: 'bad check digit' },
      { field: 'idNumber', code: 'AGE_OUT_OF_RANGE', message: '年龄须在16-100岁', messageEn: 'age 16-100' },
      { field: 'consent', code: 'CONSENT_REQUIRED', message: '须有授权', messageEn: 'consent needed' },
      { field: null, code: 'X', message: '其他', messageEn: 'other' },
    ];
    const split = splitErrors(errors, 'zh', (name) => name[0] === 'idNumber');
    expect(split.fields).toEqual([{ name: ['idNumber'], errors: ['身份证号码校验位错误', '年龄须在16-100岁'] }]);
    expect(split.general).toEqual(['consent: 须有授权', '其他']);
    expect(splitErrors(errors, 'en', () => true).fields[1]).toEqual({ name: ['consent'], errors: ['consent needed'] });
  });
});

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
