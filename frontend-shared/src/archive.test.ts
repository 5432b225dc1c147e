import { describe, expect, it } from 'vitest';
import { canonicalAmount, canonicalIdentifier, extraFieldInputValue, extraFieldValue, hasNonAscii, isMasked, maskIdNumber } from './archive';

describe('archive values', () => {
  it('canonicalise identifiers typed through an IME as the server does', () => {
    expect(canonicalIdentifier(' １３８５９０１２３４５ ')).toBe('13859012345');
    expect(canonicalIdentifier('35010219900101001ｘ')).toBe('35010219900101001x');
    expect(hasNonAscii(canonicalIdentifier('١٣٨'))).toBe(true);
    expect(canonicalIdentifier(null)).toBe('');
  });

  it('recognise and make masked values', () => {
    expect(isMasked('350102********0016')).toBe(true);
    expect(isMasked('13859012345')).toBe(false);
    expect(maskIdNumber('350102199001010016')).toBe('350102********0016');
    expect(maskIdNumber('350102********0016')).toBe('350102********0016');
  });

  it('take extra field values out of their union and send them as text', () => {
    expect(extraFieldValue({ code: 'a', text: 'x' })).toBe('x');
    expect(extraFieldValue({ code: 'a', number: 3.5 })).toBe('3.5');
    expect(extraFieldValue({ code: 'a', flag: false })).toBe(false);
    expect(extraFieldValue({ code: 'a' })).toBeNull();
    expect(extraFieldInputValue(true)).toBe('true');
    expect(extraFieldInputValue('')).toBeNull();
  });

  it('compare amounts by meaning', () => {
    expect(canonicalAmount('80000.00')).toBe(canonicalAmount('80000'));
    expect(canonicalAmount(' 12.50')).toBe('12.5');
    expect(canonicalAmount('0123')).toBe('0123');
    expect(canonicalAmount('13859012345678901')).toBe('13859012345678901');
  });
});
