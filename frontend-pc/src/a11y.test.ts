import { afterEach, describe, expect, it } from 'vitest';
import { mendAccessibility } from './a11y';

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
let stop = () => {};
afterEach(() => stop());

describe('mendAccessibility', () => {
  it('makes table bodies focusable, now and when rendered later, and leaves a chosen tabindex alone', async () => {
    document.body.innerHTML = '<div class="ant-table-body" id="a"></div><div class="ant-table-body" id="b" tabindex="-1"></div>';
    stop = mendAccessibility();
    expect(document.getElementById('a')!.tabIndex).toBe(0);
    expect(document.getElementById('b')!.tabIndex).toBe(-1);
    const later = document.createElement('div');
    later.className = 'ant-table-body';
    document.body.appendChild(later);
    await frame();
    expect(later.getAttribute('tabindex')).toBe('0');
  });

  it("points a form item's label at the input that carries its own id", () => {
    document.body.innerHTML = `
      <div class="ant-form-item"><div class="ant-form-item-label"><label for="archive_name">姓名</label></div>
        <div class="ant-form-item-control"><input id="archive-name"></div></div>
      <div class="ant-form-item"><div class="ant-form-item-label"><label for="ok">手机</label></div>
        <div class="ant-form-item-control"><input id="ok"></div></div>`;
    stop = mendAccessibility();
    expect(document.querySelector<HTMLLabelElement>('label')!.htmlFor).toBe('archive-name');
    expect(document.querySelectorAll<HTMLLabelElement>('label')[1].htmlFor).toBe('ok');
  });

  it('names a select without a label by its placeholder', () => {
    document.body.innerHTML = `
      <div class="ant-select"><input role="combobox" id="s1"><span class="ant-select-placeholder">状态</span></div>
      <label for="s2">机构</label><div class="ant-select"><input role="combobox" id="s2"><span class="ant-select-placeholder">请选择</span></div>`;
    stop = mendAccessibility();
    expect(document.getElementById('s1')!.getAttribute('aria-label')).toBe('状态');
    expect(document.getElementById('s2')!.hasAttribute('aria-label')).toBe(false);
  });
});
