import { describe, expect, it } from 'vitest';
import { productErrorPath } from './ProductsPage';

describe("the product form's error paths", () => {
  it("put the API's errors on the form's fields", () => {
    expect(productErrorPath('amountMax')).toEqual(['amountMax']);
    expect(productErrorPath('input.terms')).toEqual(['terms']);
    expect(productErrorPath('eligibility.ageMax')).toEqual(['ageMax']);
    expect(productErrorPath('rateMax')).toEqual(['rateMax']);
    expect(productErrorPath('processes[1].processKey')).toEqual(['processes', 1, 'processKey']);
    expect(productErrorPath('processes[1].maxAmount')).toEqual(['processes', 1, 'maxAmount']);
    expect(productErrorPath('processes')).toEqual([]);
  });
});
