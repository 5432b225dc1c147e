import { describe, expect, it } from 'vitest';
import { focusableScrollRegions } from './a11y';

describe('focusableScrollRegions', () => {
  it('makes present and later table bodies focusable, and leaves a chosen tabindex alone', async () => {
    document.body.innerHTML = '<div class="ant-table-body" id="a"></div><div class="ant-table-body" id="b" tabindex="-1"></div>';
    const stop = focusableScrollRegions();
    expect(document.getElementById('a')!.tabIndex).toBe(0);
    expect(document.getElementById('b')!.tabIndex).toBe(-1);
    const later = document.createElement('div');
    later.className = 'ant-table-body';
    document.body.appendChild(later);
    await new Promise<void>((resolve) => queueMicrotask(resolve)); // the observer's callback runs as a microtask
    expect(later.getAttribute('tabindex')).toBe('0');
    stop();
  });
});
