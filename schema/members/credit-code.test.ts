import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from './credit-code.ts';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Codes printed on real business licences.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T', '11100000000013127D']) expect(isValidCreditCode(code), code).toBe(true);
  });

  it('computes the check character, mapping a remainder of 31 to 0', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000802100433')).toBe('B');
  });

  it('refuses a mistyped character anywhere, and a swapped check character', () => {
    const good = '91350100M000100Y43';
    for (let i = 0; i < 18; i++) {
      const replacement = good[i] === '1' ? '2' : '1';
      const bad = good.slice(0, i) + replacement + good.slice(i + 1);
      expect(isValidCreditCode(bad), bad).toBe(false);
    }
  });

  it('refuses letters outside the alphabet (I, O, S, V, Z), wrong lengths and lower case', () => {
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y433')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
    expect(creditCodeCheckChar('91350100M00010OY4')).toBeNull();
  });

  it('normalises what people paste: spaces and lower case', () => {
    expect(normalizeCreditCode(' 9135 0100 m000 100y43 ')).toBe('91350100M000100Y43');
  });
});
