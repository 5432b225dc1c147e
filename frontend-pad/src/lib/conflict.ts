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

/** The two drafts mean the same archive (compared field by field, as the conflict screen does). */
export function sameDraft(a: ArchiveDraft, b: ArchiveDraft): boolean {
  return comparablePaths(a, b).every((path) => sameValue(path, getPath(a, path), getPath(b, path)));
}

/**
 * Carry an edit over to a new base: `mine` was made on top of `base`; the archive underneath is
 * now `theirs` (the server's answer to a save, a newer saved draft, a merged conflict). Every
 * field I changed since `base` keeps my value; every other field takes the new one. The same
 * rule as the conflict screen's defaults, applied without asking.
 */
export function rebase(base: ArchiveDraft, mine: ArchiveDraft, theirs: ArchiveDraft): ArchiveDraft {
  return merge(mine, theirs, conflictRows(base, mine, theirs));
}
