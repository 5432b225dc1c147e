import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { client } from '../api/client';
import { CustomerVerificationQuery, VerifyArchiveMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import { VerifyModal } from './VerifyModal';

afterEach(() => vi.restoreAllMocks());

const INCOME = { code: 'BASE_INCOME', severity: 'ERROR', origin: 'PROVINCE', message: '家庭年收入须大于零', messageEn: 'income > 0', overridable: true };
const PHOTOS = { code: 'BASE_REQUIRED_IMAGES', severity: 'ERROR', origin: 'PROVINCE', message: '须有身份证正反面和走访照片', messageEn: 'photos', overridable: false };
const ETHNICITY = { code: 'BASE_ETHNICITY', severity: 'WARNING', origin: 'PROVINCE', message: '民族未填写', messageEn: 'ethnicity', overridable: false };
const REASON = '该户为五保户，家庭确无经营和务工收入';

function verification(over: Record<string, unknown>) {
  return {
    customer: {
      id: 'c1',
      version: 4,
      status: 'SUBMITTED',
      manager: { id: '7' },
      branch: { id: '3' },
      verification: { canVerify: true, needsOverride: false, overrideAllowed: false, batchAllowed: true, blockers: [], violations: [], ...over },
    },
  };
}

/** client.request answering the verification query with `check` and the mutation with `answers` in turn. */
function api(check: unknown, answers: unknown[] = []) {
  const verify = vi.fn();
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === CustomerVerificationQuery) return check;
    if (doc === VerifyArchiveMutation) {
      verify(variables);
      return { verifyArchive: answers.shift() };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return verify;
}

const ok = { customer: { id: 'c1' }, errors: [], warnings: [], conflict: null, duplicateOf: null, violations: [] };
const confirm = () => screen.getByTestId('verify-confirm');
/** This 2-core machine runs other suites too: give renders after a request more than a second. */
const SLOW = { timeout: 5_000 };

describe('VerifyModal', () => {
  it('says why the reviewer may not verify and keeps the button disabled', async () => {
    const blocker = { field: 'id', code: 'SELF_VERIFICATION', message: '不能审核自己采集的档案', messageEn: 'you collected it' };
    const verify = api(verification({ canVerify: false, blockers: [blocker] }));
    renderWithProviders(<VerifyModal open customer={{ id: 'c1', version: 4 }} onClose={() => undefined} />);
    expect(await screen.findByTestId('verify-blockers', {}, SLOW)).toHaveTextContent('不能审核自己采集的档案');
    expect(screen.getByTestId('verify-disabled-reason')).toHaveTextContent('不能审核自己采集的档案');
    expect(confirm()).toBeDisabled();
    expect(verify).not.toHaveBeenCalled();
  });

  it('lists the errors and warnings and names the rules that must be corrected first', async () => {
    api(verification({ canVerify: false, needsOverride: true, overrideAllowed: false, batchAllowed: false, violations: [INCOME, PHOTOS, ETHNICITY] }));
    renderWithProviders(<VerifyModal open customer={{ id: 'c1', version: 4 }} onClose={() => undefined} />);
    const errors = await screen.findByTestId('verify-error-list', {}, SLOW);
    expect(within(errors).getByText('家庭年收入须大于零').closest('li')).toHaveTextContent('可说明理由后强制通过');
    expect(within(errors).getByText('须有身份证正反面和走访照片').closest('li')).toHaveTextContent('须先补正');
    expect(screen.getByTestId('verify-warning-list')).toHaveTextContent('民族未填写');
    const mustFix = screen.getByTestId('verify-must-fix');
    expect(mustFix).toHaveTextContent('须有身份证正反面和走访照片');
    expect(mustFix).not.toHaveTextContent('家庭年收入须大于零');
    expect(screen.queryByTestId('verify-override')).toBeNull();
    expect(confirm()).toBeDisabled();
  });

  it('asks for 强制通过 and a reason before it sends overrideReason, and shows a refusal on the reason', async () => {
    const refusal = { field: 'overrideReason', code: 'REASON_REQUIRED', message: '强制通过须填写理由（10-500字）', messageEn: 'reason' };
    const verify = api(verification({ canVerify: false, needsOverride: true, overrideAllowed: true, batchAllowed: false, violations: [INCOME] }), [
      { ...ok, customer: null, errors: [refusal] },
      ok,
    ]);
    const onClose = vi.fn();
    renderWithProviders(<VerifyModal open customer={{ id: 'c1', version: 4 }} onClose={onClose} />);
    await screen.findByTestId('verify-override', {}, SLOW);
    expect(confirm()).toBeDisabled();
    const reason = screen.getByPlaceholderText('请填写 10-500 字的理由');
    expect(reason).toBeDisabled();
    fireEvent.click(screen.getByTestId('verify-override'));
    fireEvent.change(reason, { target: { value: '收入为零' } });
    expect(confirm()).toBeDisabled();
    expect(screen.getByTestId('verify-disabled-reason')).toHaveTextContent('请勾选“强制通过”并填写理由');
    fireEvent.change(reason, { target: { value: REASON } });
    await waitFor(() => expect(confirm()).toBeEnabled(), SLOW);

    fireEvent.click(confirm());
    expect(await screen.findByText('强制通过须填写理由（10-500字）', {}, SLOW)).toBeInTheDocument();
    expect(verify).toHaveBeenLastCalledWith({ input: { id: 'c1', version: 4, overrideReason: REASON, managerId: null } });
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(confirm());
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true), SLOW);
    expect(verify).toHaveBeenCalledTimes(2);
  }, 15_000);

  it('shows other refusals in Chinese above the form', async () => {
    const conflict = { field: 'version', code: 'VERSION_CONFLICT', message: '档案已被他人修改（当前版本 5），请对比后重新提交', messageEn: 'changed' };
    const verify = api(verification({}), [{ ...ok, customer: null, errors: [conflict] }]);
    renderWithProviders(<VerifyModal open customer={{ id: 'c1', version: 4 }} onClose={() => undefined} />);
    await screen.findByTestId('verify-dialog', {}, SLOW);
    fireEvent.click(confirm());
    expect(await screen.findByTestId('verify-errors', {}, SLOW)).toHaveTextContent('档案已被他人修改（当前版本 5）');
    expect(verify).toHaveBeenCalledWith({ input: { id: 'c1', version: 4, overrideReason: null, managerId: null } });
  });
});
