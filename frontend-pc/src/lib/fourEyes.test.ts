import { describe, expect, it } from 'vitest';
import {
  batchSelectable,
  canSubmitVerification,
  decidableCount,
  groupViolations,
  publicationRequest,
  runFinished,
  runPercent,
  validOverrideReason,
  verifyMode,
  violationCounts,
} from './fourEyes';

const v = (code: string, severity: string, overridable = false) => ({ code, severity, overridable });
const check = (over: Partial<{ canVerify: boolean; needsOverride: boolean; overrideAllowed: boolean; blockers: unknown[] }>) => ({
  canVerify: true,
  needsOverride: false,
  overrideAllowed: false,
  blockers: [],
  ...over,
});

describe('verification', () => {
  it('counts and groups violations by severity, with the errors that may not be overridden', () => {
    const list = [v('BASE_INCOME', 'ERROR', true), v('BASE_REQUIRED_IMAGES', 'ERROR'), v('BASE_ETHNICITY', 'WARNING')];
    expect(violationCounts(list)).toEqual({ errors: 2, warnings: 1 });
    expect(violationCounts(null)).toEqual({ errors: 0, warnings: 0 });
    const groups = groupViolations(list);
    expect(groups.errors.map((x) => x.code)).toEqual(['BASE_INCOME', 'BASE_REQUIRED_IMAGES']);
    expect(groups.warnings.map((x) => x.code)).toEqual(['BASE_ETHNICITY']);
    expect(groups.mustFix.map((x) => x.code)).toEqual(['BASE_REQUIRED_IMAGES']);
  });

  it('a blocker wins over everything; otherwise errors decide between override and fixing first', () => {
    expect(verifyMode(check({ blockers: [{ code: 'SELF_VERIFICATION' }], needsOverride: true, overrideAllowed: true }))).toBe('blocked');
    expect(verifyMode(check({ needsOverride: true, overrideAllowed: false }))).toBe('mustFix');
    expect(verifyMode(check({ needsOverride: true, overrideAllowed: true }))).toBe('override');
    expect(verifyMode(check({}))).toBe('ready');
  });

  it('an override needs the box ticked and a reason of 10-500 characters (trimmed)', () => {
    expect(validOverrideReason('家庭确无收入，靠亲属接济生活')).toBe(true);
    expect(validOverrideReason('   太短了   ')).toBe(false);
    expect(validOverrideReason('字'.repeat(501))).toBe(false);
    expect(canSubmitVerification('override', false, '家庭确无收入，靠亲属接济生活')).toBe(false);
    expect(canSubmitVerification('override', true, '短')).toBe(false);
    expect(canSubmitVerification('override', true, '家庭确无收入，靠亲属接济生活')).toBe(true);
    expect(canSubmitVerification('ready', false, '')).toBe(true);
    expect(canSubmitVerification('mustFix', true, '家庭确无收入，靠亲属接济生活')).toBe(false);
    expect(canSubmitVerification('blocked', true, '家庭确无收入，靠亲属接济生活')).toBe(false);
  });

  it('batch verification takes only rows without violations and without a blocker', () => {
    expect(batchSelectable({ verification: { batchAllowed: true, blockers: [] } })).toBe(true);
    expect(batchSelectable({ verification: { batchAllowed: false, blockers: [] } })).toBe(false);
    expect(batchSelectable({ verification: { batchAllowed: true, blockers: [{ code: 'SELF_VERIFICATION' }] } })).toBe(false);
  });
});

describe('dual control', () => {
  it('counts the pending requests the viewer may decide', () => {
    expect(
      decidableCount([
        { status: 'PENDING', viewerCanDecide: true },
        { status: 'PENDING', viewerCanDecide: false },
        { status: 'APPROVED', viewerCanDecide: true },
        { status: 'PENDING', viewerCanDecide: true },
      ]),
    ).toBe(2);
  });

  it("finds a rule set's open publication request", () => {
    const changes = [
      { id: '1', kind: 'RULE_SET_PUBLISH', status: 'REJECTED', targetId: 's1' },
      { id: '2', kind: 'STAFF_USER_CREATE', status: 'PENDING', targetId: 's1' },
      { id: '3', kind: 'RULE_SET_PUBLISH', status: 'PENDING', targetId: 's1' },
    ];
    expect(publicationRequest(changes, 's1')?.id).toBe('3');
    expect(publicationRequest(changes, 's1', 'REJECTED')?.id).toBe('1');
    expect(publicationRequest(changes, 's2')).toBeUndefined();
  });

  it('follows the re-evaluation of an approved publication until it ends', () => {
    expect(runPercent({ status: 'PENDING', total: 0, done: 0 })).toBe(0);
    expect(runPercent({ status: 'RUNNING', total: 180, done: 60 })).toBe(33);
    expect(runPercent({ status: 'RUNNING', total: 3, done: 3 })).toBe(100);
    expect(runPercent({ status: 'DONE', total: 0, done: 0 })).toBe(100);
    expect(runFinished({ status: 'RUNNING', total: 180, done: 180 })).toBe(false);
    expect(runFinished({ status: 'DONE', total: 180, done: 180 })).toBe(true);
    expect(runFinished({ status: 'FAILED', total: 180, done: 12 })).toBe(true);
    expect(runFinished(null)).toBe(false);
  });
});
