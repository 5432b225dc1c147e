import { describe, expect, it } from 'vitest';
import { errorKey, pathToNamePath, splitErrors, userErrorText } from './userErrors';

describe('error paths', () => {
  it('become form name paths and lookup keys', () => {
    expect(pathToNamePath('familyMembers[0].idNumber')).toEqual(['familyMembers', 0, 'idNumber']);
    expect(pathToNamePath('archive.address.regionCode')).toEqual(['address', 'regionCode']);
    expect(pathToNamePath('rules[2].params.if.value')).toEqual(['rules', 2, 'params', 'if', 'value']);
    expect(pathToNamePath('liabilities[10]')).toEqual(['liabilities', 10]);
    expect(errorKey('familyMembers[0].idNumber')).toBe('familyMembers.0.idNumber');
    expect(errorKey(null)).toBe('');
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

  it('fall back to the Chinese message when the English one is empty', () => {
    expect(userErrorText({ message: '必填', messageEn: '' }, 'en')).toBe('必填');
  });
});
