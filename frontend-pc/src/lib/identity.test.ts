import { describe, expect, it } from 'vitest';
import { birthDateOf } from './identity';

describe('birth date of an ID number', () => {
  it('is read from 18- and 15-digit numbers', () => {
    expect(birthDateOf('350102199001010016')).toBe('1990-01-01');
    expect(birthDateOf('11010519491231002x')).toBe('1949-12-31');
    expect(birthDateOf('350102900101001')).toBe('1990-01-01');
  });

  it('is nothing for a masked number or one without a real date', () => {
    expect(birthDateOf('350102********0016')).toBeNull();
    expect(birthDateOf('350102199002300016')).toBeNull();
    expect(birthDateOf('')).toBeNull();
  });
});
