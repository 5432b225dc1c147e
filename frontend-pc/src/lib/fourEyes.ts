// Pure parts of the four-eyes screens (docs/customers.md "Verification: four eyes"): what the
// verify dialog offers and which inbox rows batch verification may take. Tested in fourEyes.test.ts.

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
