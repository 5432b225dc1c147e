// The region part of the resident ID check, from the same table the server uses: python-stdnum's
// cn/loc.dat (GB/T 2260 codes with the years each was in force). Writes src/lib/idRegions.json:
// { "350102": "", "110111": "1986-", "350111": "1983-1994,1995-" } where "" means "any year".
// `node scripts/id-regions.mjs` regenerates it; src/lib/idNumber.test.ts fails when it is stale.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** python-stdnum's loc.dat inside the backend's virtualenv (`uv sync` makes it), or null. */
export function findLocDat() {
  const lib = path.resolve(here, '..', '..', '.venv', 'lib');
  if (!existsSync(lib)) return null;
  for (const python of readdirSync(lib)) {
    const candidate = path.join(lib, python, 'site-packages', 'stdnum', 'cn', 'loc.dat');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Same reading as stdnum.cn.ric.get_birth_place: a code is known when its county line exists;
 * it is valid for a birth year when one of its names has no period or a period holding it. */
export function parseLocDat(text) {
  const table = {};
  let province = '';
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const match = /^(\s*)(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, indent, key, props] = match;
    if (!indent) {
      province = key;
      continue;
    }
    const county = /county="([^"]*)"/.exec(props);
    if (!county) continue;
    const periods = [];
    let always = false;
    for (const part of county[1].split(',')) {
      const period = /^\[([^\]]*)\]/.exec(part);
      if (!period) {
        always = true;
        break;
      }
      periods.push(period[1]);
    }
    table[province + key] = always ? '' : periods.join(',');
  }
  return table;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const loc = findLocDat();
  if (!loc) {
    console.error('python-stdnum is not installed: run `python3 -m uv sync` in the repository first');
    process.exit(1);
  }
  const table = parseLocDat(readFileSync(loc, 'utf8'));
  writeFileSync(path.resolve(here, '..', 'src', 'lib', 'idRegions.json'), JSON.stringify(table) + '\n');
  console.log(`${Object.keys(table).length} region codes written to src/lib/idRegions.json`);
}
