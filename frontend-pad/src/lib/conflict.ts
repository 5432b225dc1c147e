// Version conflicts, three ways: the server copy my edit was based on (base), my edit (mine) and
// the server's current copy (theirs). Every field where mine and theirs differ becomes a row;
// the default choice keeps whoever changed it (mine when both did), and the manager can flip any
// row. merge() builds the draft to send with the server's current version.
import { type ArchiveDraft, canonical, comparablePaths, getPath, setPath } from './archive';

export type Choice = 'mine' | 'theirs';

export interface ConflictRow {
  path: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** Both sides changed the field (away from the base) to different values. */
  both: boolean;
  choice: Choice;
}

function comparable(path: string, value: unknown): string {
  if (path === 'consent' && value && typeof value === 'object') {
    const c = value as { wordingVersion: string; consentedAt: string; channel: string; formImageRef: string | null };
    const at = Date.parse(c.consentedAt);
    return canonical({ ...c, consentedAt: Number.isNaN(at) ? c.consentedAt : new Date(at).toISOString() });
  }
  return canonical(value);
}

export function sameValue(path: string, a: unknown, b: unknown): boolean {
  return comparable(path, a) === comparable(path, b);
}

export function conflictRows(base: ArchiveDraft | null, mine: ArchiveDraft, theirs: ArchiveDraft): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const path of comparablePaths(mine, theirs, ...(base ? [base] : []))) {
    const m = getPath(mine, path);
    const t = getPath(theirs, path);
    if (sameValue(path, m, t)) continue;
    const b = base ? getPath(base, path) : undefined;
    const mineChanged = !base || !sameValue(path, m, b);
    const theirsChanged = !base || !sameValue(path, t, b);
    rows.push({ path, base: b, mine: m, theirs: t, both: mineChanged && theirsChanged, choice: mineChanged ? 'mine' : 'theirs' });
  }
  return rows;
}

/** The merged draft: theirs, with the rows chosen 'mine' taken from my edit. */
export function merge(mine: ArchiveDraft, theirs: ArchiveDraft, rows: ConflictRow[]): ArchiveDraft {
  let merged = structuredClone(theirs);
  for (const row of rows) {
    if (row.choice === 'mine') merged = setPath(merged, row.path, getPath(mine, row.path) ?? null);
  }
  return merged;
}
