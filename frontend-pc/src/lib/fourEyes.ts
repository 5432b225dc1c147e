// Pure parts of the four-eyes screens (docs/customers.md "Verification: four eyes", docs/security.md
// "Dual control"): what the verify dialog offers, which inbox rows batch verification may take,
// and how many requests wait for the viewer. Tested in fourEyes.test.ts.

export interface ViolationLike {
  code: string;
  severity: string;
  overridable?: boolean;
}

export interface VerificationLike {
  canVerify: boolean;
  needsOverride: boolean;
  overrideAllowed: boolean;
  blockers: readonly unknown[];
}

/** An override reason's length, as the API counts it (trimmed). */
export const OVERRIDE_REASON = { min: 10, max: 500 } as const;
/** A rejection reason's length (backend/dual_control/service.py). */
export const REJECT_REASON = { min: 2, max: 500 } as const;

export function violationCounts(violations: readonly ViolationLike[] | null | undefined): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const v of violations ?? []) {
    if (v.severity === 'ERROR') errors += 1;
    else warnings += 1;
  }
  return { errors, warnings };
}

export function groupViolations<V extends ViolationLike>(violations: readonly V[]): { errors: V[]; warnings: V[]; mustFix: V[] } {
  const errors = violations.filter((v) => v.severity === 'ERROR');
  return { errors, warnings: violations.filter((v) => v.severity !== 'ERROR'), mustFix: errors.filter((v) => !v.overridable) };
}

/**
 * What the verify dialog can do for this archive and caller:
 * `blocked` (a blocker: not this reviewer), `mustFix` (an ERROR that may not be overridden),
 * `override` (ERRORs that all may be overridden with a reason), `ready` (nothing in the way).
 */
export type VerifyMode = 'blocked' | 'mustFix' | 'override' | 'ready';

export function verifyMode(v: VerificationLike): VerifyMode {
  if (v.blockers.length > 0) return 'blocked';
  if (v.needsOverride) return v.overrideAllowed ? 'override' : 'mustFix';
  return 'ready';
}

export function validOverrideReason(reason: string | null | undefined): boolean {
  const n = (reason ?? '').trim().length;
  return n >= OVERRIDE_REASON.min && n <= OVERRIDE_REASON.max;
}

/** Whether the verify button may be pressed: in override mode only with the box ticked and a reason. */
export function canSubmitVerification(mode: VerifyMode, override: boolean, reason: string | null | undefined): boolean {
  if (mode === 'ready') return true;
  if (mode === 'override') return override && validOverrideReason(reason);
  return false;
}

/** An inbox row batch verification may include: no open violation (the API's batchAllowed) and no blocker. */
export function batchSelectable(row: { verification: { batchAllowed: boolean; blockers: readonly unknown[] } }): boolean {
  return row.verification.batchAllowed && row.verification.blockers.length === 0;
}

/** How many of these requests the viewer may decide (the approvals badge). */
export function decidableCount(changes: readonly { status: string; viewerCanDecide: boolean }[]): number {
  return changes.filter((c) => c.status === 'PENDING' && c.viewerCanDecide).length;
}

/** The publication request of a rule set in this status (PENDING: the open one), if any. */
export function publicationRequest<C extends { kind: string; status: string; targetId: string }>(
  changes: readonly C[],
  ruleSetId: string,
  status: string = 'PENDING',
): C | undefined {
  return changes.find((c) => c.kind === 'RULE_SET_PUBLISH' && c.status === status && c.targetId === ruleSetId);
}

/** A re-evaluation of the archives after a publication (`EvaluationRun`, status PENDING RUNNING DONE FAILED). */
export interface RunLike {
  status: string;
  total: number;
  done: number;
  finishedAt?: string | null;
}

/** Whether the run has ended (nothing more to poll for). */
export function runFinished(run: RunLike | null | undefined): boolean {
  return !!run && (run.status === 'DONE' || run.status === 'FAILED' || !!run.finishedAt);
}

/** Progress in percent: the archives evaluated so far; 100 once done, also for an empty run. */
export function runPercent(run: RunLike): number {
  if (run.status === 'DONE') return 100;
  return run.total > 0 ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 0;
}
