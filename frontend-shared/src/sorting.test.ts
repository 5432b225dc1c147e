import { describe, expect, it } from 'vitest';
import { byAmount, byPinyin, byTime, sorterOf } from './sorting';

/** What antd does with a column sorter: ascending as is, descending reversed. */
function sortLike<T>(rows: T[], sorter: (a: T, b: T, d?: 'ascend' | 'descend') => number, direction: 'ascend' | 'descend'): T[] {
  return [...rows].sort((a, b) => (direction === 'descend' ? -sorter(a, b, direction) : sorter(a, b, direction)));
}

describe('client-side sorting', () => {
  it('orders names in pinyin order, not by code point', () => {
    const names = ['张三', '李四', '王五', '阿明', '黎明'];
    expect([...names].sort()).toEqual(['张三', '李四', '王五', '阿明', '黎明']); // code points: 张 U+5F20 < 李 U+674E < 阿 U+963F < 黎 U+9ECE
    expect([...names].sort(byPinyin)).toEqual(['阿明', '黎明', '李四', '王五', '张三']);
    expect(['第10网点', '第2网点', 'B', 'a'].sort(byPinyin)).toEqual(['第2网点', '第10网点', 'a', 'B']);
  });

  it('orders times by instant and amounts by value', () => {
    expect(['2026-03-01T08:00:00+08:00', '2026-02-28T23:30:00Z'].sort(byTime)).toEqual(['2026-02-28T23:30:00Z', '2026-03-01T08:00:00+08:00']);
    expect(['30000.00', '5000.00', '100000.00'].sort(byAmount)).toEqual(['5000.00', '30000.00', '100000.00']);
  });

  it('puts empty values last in both directions, as antd sorts a column', () => {
    const rows = [{ n: '张三' }, { n: null }, { n: '阿明' }, { n: '' }, { n: '李四' }];
    const sorter = sorterOf((r: { n: string | null }) => r.n);
    expect(sortLike(rows, sorter, 'ascend').map((r) => r.n)).toEqual(['阿明', '李四', '张三', null, '']);
    expect(sortLike(rows, sorter, 'descend').map((r) => r.n).slice(0, 3)).toEqual(['张三', '李四', '阿明']);
    expect(sortLike(rows, sorter, 'descend').slice(3).every((r) => !r.n)).toBe(true);
  });

  it('compares numbers numerically and other values with the comparator given', () => {
    const versions = sorterOf((r: { v: number }) => r.v);
    expect(sortLike([{ v: 10 }, { v: 2 }, { v: 1 }], versions, 'ascend').map((r) => r.v)).toEqual([1, 2, 10]);
    const when = sorterOf((r: { at: string | null }) => r.at, byTime);
    expect(sortLike([{ at: '2026-01-02T00:00:00Z' }, { at: null }, { at: '2026-01-01T00:00:00Z' }], when, 'descend').map((r) => r.at)).toEqual([
      '2026-01-02T00:00:00Z',
      '2026-01-01T00:00:00Z',
      null,
    ]);
  });
});
