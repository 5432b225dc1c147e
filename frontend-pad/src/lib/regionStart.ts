// Where the region picker opens: the officer's own county. The org tree does not record a
// county for a branch (an OrgUnit has a code and a name, no region), but the tablet holds the
// officer's archives (MyArchives at login, and what was collected on it): the county most of them
// are in is where the officer works. A tie goes to the county of the newest archive; a tablet
// with no archive with a county opens at the province list.
import { db, type LocalArchive } from './db';

/** Province, city and county codes of a county (a county directly under a province has no city). */
export function countyChain(county: string): string[] {
  return [`${county.slice(0, 2)}0000`, `${county.slice(0, 4)}00`, county].filter((x, i, all) => all.indexOf(x) === i);
}

/** The county of an archive as the tablet has it (the local edit first). */
function countyOf(a: LocalArchive): string {
  return a.working?.draft.address.regionCode || a.draft?.address.regionCode || a.server?.address.regionCode || '';
}

/** The county most of these archives are in (they come newest first: a tie goes to the newest). */
export function mostCommonCounty(archives: LocalArchive[]): string | null {
  const counts = new Map<string, number>();
  for (const a of archives) {
    const county = countyOf(a);
    if (/^\d{6}$/.test(county)) counts.set(county, (counts.get(county) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [county, n] of counts) if (best === null || n > counts.get(best)!) best = county;
  return best;
}

export async function officerCounty(): Promise<string | null> {
  return mostCommonCounty(await db.archives.orderBy('updatedAt').reverse().toArray());
}
