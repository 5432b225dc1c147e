import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { client } from '../api/client';
import { CustomerQuery, RevealMutation } from '../api/operations';
import { renderWithProviders } from '../test/render';
import ArchiveDetailPage from './ArchiveDetailPage';

const session = { role: 'AUDITOR', can: (...wanted: string[]) => session.role === 'AUDITOR' && wanted.includes('AUDIT_READ') };
vi.mock('../session', () => ({ useSession: () => session }));

const SLOW = { timeout: 5_000 };

// As an auditor reads it: ID number, phones, address line, register number and remarks masked;
// the birth date withheld with the ID number.
const customer = {
  id: 'c1', version: 3, status: 'VERIFIED', channel: 'PAD', name: '陈建国', gender: 'MALE', birthDate: null,
  idNumber: '350102********0016', idExpiry: null, idLongTerm: true, ethnicity: '汉族', education: null, maritalStatus: null, health: null,
  mobile: '138****5678', altPhone: null, returnReasons: null, submittedAt: null, verifiedAt: null,
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', ecifCustomerNo: null,
  address: { regionCode: '350102', regionName: '鼓楼区', townshipCode: null, villageCode: null, line: '鼓***' },
  household: { size: 4, registerNo: '****01', isHead: true },
  familyMembers: [], land: { contractedMu: '0.00', rentedMu: '0.00', crops: [] }, livestock: [], assets: [],
  income: { farming: '0.00', business: '0.00', wages: '0.00', other: '0.00', total: '0.00' }, liabilities: [], business: null,
  social: { villageCreditRating: 'AA', remarks: '家***' },
  consent: { wordingVersion: 'v2024.1', consentedAt: '2026-01-05T01:30:00Z', channel: 'PAD', formImageRef: null, shareWithFederation: true },
  branch: { id: '5', name: '鼓楼支行', code: 'FJ-FZ-01' }, manager: { id: '9', name: '赵国平', employeeNo: 'E00011' },
  extraFields: [], evaluation: null, blacklisted: false as boolean | null,
  viewerCan: { edit: false, submit: false, verify: false, returnForRework: false, close: false, transfer: false, uploadImage: false, deleteImage: false },
};

// What the API lets each role reveal on this archive (`revealable`).
const REVEALABLE: Record<string, { type: string; field: string }[]> = {
  AUDITOR: [
    { type: 'Customer', field: 'idNumber' }, { type: 'Customer', field: 'mobile' }, { type: 'Address', field: 'line' },
    { type: 'Household', field: 'registerNo' }, { type: 'Social', field: 'remarks' },
  ],
  BANK_ADMIN: [],
};

const tab = async (name: string) => fireEvent.click(await screen.findByText(name, { selector: '.ant-tabs-tab-btn' }, SLOW));

const REVEALED: Record<string, string> = { idNumber: '350102199001010016', registerNo: 'HK350102-0001', remarks: '家中有人外出务工' };

function api() {
  const reveals: unknown[] = [];
  vi.spyOn(client, 'request').mockImplementation(async (doc: unknown, variables?: unknown) => {
    if (doc === CustomerQuery) return { customer: { ...customer, revealable: REVEALABLE[session.role] } };
    if (doc === RevealMutation) {
      const input = (variables as { input: { field: string } }).input;
      reveals.push(input);
      return { reveal: { value: REVEALED[input.field], errors: [] } };
    }
    throw new Error(`unexpected ${String(doc).slice(0, 40)}`);
  });
  return reveals;
}

async function reveal(field: string) {
  fireEvent.click(await screen.findByTestId(`reveal-${field}`, {}, SLOW));
  // The audited-reveal confirmation (role queries are slow on a page this size).
  await waitFor(() => expect(document.querySelector('.ant-modal-confirm .ant-btn-primary')).not.toBeNull(), SLOW);
  fireEvent.click(document.querySelector('.ant-modal-confirm .ant-btn-primary')!);
  await waitFor(() => expect(screen.getByTestId(`value-${field}`)).toHaveTextContent(REVEALED[field]), SLOW);
}

beforeEach(() => {
  session.role = 'AUDITOR';
});
afterEach(() => vi.restoreAllMocks());

describe('ArchiveDetailPage', () => {
  it('says the birth date is masked with the ID number, shows it once the number is revealed, and shows the consent to share', async () => {
    const reveals = api();
    renderWithProviders(<ArchiveDetailPage />);
    expect(await screen.findByTestId('value-birthDate', {}, SLOW)).toHaveTextContent('已随身份证号码脱敏');
    expect(screen.getByText('男')).toBeInTheDocument();
    expect(screen.getByTestId('consent-share')).toHaveTextContent('同意省联社其他成员行查询其基本信息');
    await reveal('idNumber');
    expect(screen.getByTestId('value-birthDate')).toHaveTextContent('1990-01-01');
    expect(reveals).toEqual([{ type: 'Customer', id: 'c1', field: 'idNumber' }]);
  }, 20_000);

  it('lets an auditor reveal the register number and the remarks (audited by the API)', async () => {
    const reveals = api();
    renderWithProviders(<ArchiveDetailPage />);
    await tab('家庭');
    await reveal('registerNo');
    await tab('经营');
    await reveal('remarks');
    expect(reveals).toEqual([
      { type: 'Household', id: 'c1', field: 'registerNo' },
      { type: 'Social', id: 'c1', field: 'remarks' },
    ]);
  }, 20_000);

  it('tags a blacklisted customer 黑名单 in the header, and no one else', async () => {
    api();
    const { unmount } = renderWithProviders(<ArchiveDetailPage />);
    await screen.findByTestId('customer-name', {}, SLOW);
    expect(screen.queryByTestId('blacklisted-tag')).toBeNull();
    unmount();
    customer.blacklisted = true;
    try {
      api();
      renderWithProviders(<ArchiveDetailPage />);
      expect(await screen.findByTestId('blacklisted-tag', {}, SLOW)).toHaveTextContent('黑名单');
    } finally {
      customer.blacklisted = false;
    }
  }, 20_000);

  it('offers no reveal of them to a bank admin, who sees them masked', async () => {
    session.role = 'BANK_ADMIN';
    api();
    renderWithProviders(<ArchiveDetailPage />);
    await tab('家庭');
    expect(await screen.findByTestId('value-registerNo', {}, SLOW)).toHaveTextContent('****01');
    expect(screen.queryByTestId('reveal-registerNo')).toBeNull();
    expect(screen.queryByTestId('reveal-idNumber')).toBeNull();
  }, 20_000);
});
