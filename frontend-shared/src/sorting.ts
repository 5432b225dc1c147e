// How the client sorts a list it holds whole (a table's column `sorter`): names in pinyin order, as
// a dictionary or a spreadsheet does (阿明, 李四, 王五, 张三), never by Unicode code point (张 U+5F20
// would come before 李 U+674E); times by instant; amounts (decimal strings) by value; empty cells
// last in both directions. Lists the API pages are sorted by the API instead (an order argument).

/** Chinese text in pinyin order; Latin letters and digits as a person reads them (2 before 10). */
export const pinyinCollator = new Intl.Collator('zh-Hans-CN-u-co-pinyin', { numeric: true });

/** Two texts in pinyin order. */
export const byPinyin = (a: string, b: string): number => pinyinCollator.compare(a, b);

/** Two API times (ISO 8601, any offset) by instant. */
export const byTime = (a: string, b: string): number => Date.parse(a) - Date.parse(b);

/** Two numbers, or decimal strings of the API (`"30000.00"`), by value. */
export const byAmount = (a: string | number, b: string | number): number => Number(a) - Number(b);

type Value = string | number | null | undefined;
type Direction = 'ascend' | 'descend' | null | undefined;

/**
 * An antd column `sorter` over the value `of` a row, compared by `compare` (pinyin for text,
 * the difference for numbers by default). antd reverses the result for a descending column; an
 * empty value (null, undefined, '') is still put last, reading the direction antd passes third.
 */
export function sorterOf<Row, V extends Value = Value>(of: (row: Row) => V, compare?: (a: NonNullable<V>, b: NonNullable<V>) => number) {
  return (a: Row, b: Row, direction?: Direction): number => {
    const x = of(a);
    const y = of(b);
    const xEmpty = x == null || x === '';
    const yEmpty = y == null || y === '';
    if (xEmpty || yEmpty) {
      if (xEmpty && yEmpty) return 0;
      const last = xEmpty ? 1 : -1;
      return direction === 'descend' ? -last : last;
    }
    if (compare) return compare(x as NonNullable<V>, y as NonNullable<V>);
    return typeof x === 'number' && typeof y === 'number' ? x - y : byPinyin(String(x), String(y));
  };
}
