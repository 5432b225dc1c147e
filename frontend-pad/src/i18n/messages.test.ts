import { describe, expect, it } from 'vitest';
import { EN, ZH } from './messages';

/** Every leaf of a nested message table, as [path, value] (keys may contain dots themselves). */
function leaves(table: unknown, path: string[] = []): [string[], unknown][] {
  if (typeof table !== 'object' || table === null) return [[path, table]];
  return Object.entries(table as Record<string, unknown>).flatMap(([key, value]) => leaves(value, [...path, key]));
}
const keys = (table: unknown) => leaves(table).map(([path]) => JSON.stringify(path)).sort();

describe('message tables', () => {
  it('English has exactly the keys Chinese has, so switching never shows a raw key', () => {
    expect(keys(EN)).toEqual(keys(ZH));
  });

  it('no message is empty, and the English table holds no Chinese', () => {
    for (const [table, name] of [[ZH, 'zh'], [EN, 'en']] as const) {
      for (const [path, value] of leaves(table)) {
        const where = `${name}:${path.join(' > ')}`;
        expect(typeof value === 'string' && value.trim().length > 0, where).toBe(true);
        // `language` names the other language in its own script (the switch shows 中文 in English).
        if (name === 'en' && path[0] !== 'language') expect(/[\u4e00-\u9fff]/.test(value as string), `${where} = ${value}`).toBe(false);
      }
    }
  });
});
