import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, client } from '../api/client';
import { renderWithProviders } from '../test/render';
import { ImagesTab } from './ImagesTab';

// What the API lets the viewer do with the archive (`viewerCan.deleteImage`).
const viewer = { deleteImage: true };

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  viewer.deleteImage = true;
});

const SHA = 'ab'.repeat(32);

function image(overrides: Record<string, unknown> = {}) {
  return {
    id: 'i1', customerId: 'c1', kind: 'HOUSE', kindLabel: '房屋', status: 'READY',
    takenAt: '2026-03-01T08:00:00Z', receivedAt: '2026-03-01T08:01:00Z', processedAt: '2026-03-01T08:01:05Z',
    latitude: 26.08, longitude: 119.3, accuracyM: 8, deviceId: 'PAD-01', uploadedByNo: 'E00011',
    uploadedBy: { id: '3', name: '赵国平', employeeNo: 'E00011' }, width: 2560, height: 1920,
    originalSha256: 'cd'.repeat(32), resultSha256: SHA, keyId: 'k1', c2pa: true, failure: null,
    deletedAt: null, deleteReason: null, purgedAt: null, url: '/images/view/full', thumbnailUrl: '/images/view/thumb',
    ...overrides,
  };
}

const answer = (images: unknown[]) => ({ customer: { id: 'c1', viewerCan: { ...viewer }, images } });

describe('ImagesTab', () => {
  it('shows thumbnails with kind, status and the capture facts', async () => {
    vi.spyOn(client, 'request').mockResolvedValue(answer([image()]));
    renderWithProviders(<ImagesTab customerId="c1" />);
    const card = await screen.findByTestId('image-card');
    expect(within(card).getByText('房屋')).toBeInTheDocument();
    expect(within(card).getByText('已签名')).toBeInTheDocument();
    expect(within(card).getByText('赵国平（E00011）')).toBeInTheDocument();
    expect(within(card).getByText('26.08000, 119.30000 ±8 m')).toBeInTheDocument();
    expect(within(card).getByText('PAD-01')).toBeInTheDocument();
    expect(within(card).getByTestId('image-sha256')).toHaveTextContent('ababab…ababab');
    expect(within(card).getByAltText('房屋')).toHaveAttribute('src', '/images/view/thumb');
    expect(within(card).getByTestId('image-delete')).toBeInTheDocument();
  });

  it('says 处理中 for a RECEIVED image and polls until it is READY', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const request = vi
      .spyOn(client, 'request')
      .mockResolvedValueOnce(answer([image({ status: 'RECEIVED', url: null, thumbnailUrl: null, resultSha256: null, c2pa: false })]))
      .mockResolvedValue(answer([image()]));
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByTestId('image-status')).toHaveTextContent('处理中');
    expect(screen.queryByTestId('image-thumbnail')).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(2_100));
    await waitFor(() => expect(screen.getByTestId('image-status')).toHaveTextContent('已签名'));
    expect(screen.getByTestId('image-thumbnail')).toBeInTheDocument();
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('offers no delete where the API says the viewer may not', async () => {
    viewer.deleteImage = false;
    vi.spyOn(client, 'request').mockResolvedValue(answer([image()]));
    renderWithProviders(<ImagesTab customerId="c1" />);
    await screen.findByTestId('image-card');
    expect(screen.queryByTestId('image-delete')).toBeNull();
  });

  it('deletes with a reason and puts the API refusal on the reason field', async () => {
    const request = vi.spyOn(client, 'request').mockImplementation(async (doc: unknown) => {
      if (String(doc).includes('mutation DeleteImage')) {
        return { deleteImage: { image: null, errors: [{ field: 'reason', code: 'REASON_REQUIRED', message: '请填写删除原因（2到200个字）', messageEn: 'x' }] } };
      }
      return answer([image()]);
    });
    renderWithProviders(<ImagesTab customerId="c1" />);
    fireEvent.click(await screen.findByTestId('image-delete'));
    const dialog = (await screen.findByText('删除影像')).closest('.ant-modal') as HTMLElement;
    fireEvent.click(within(dialog).getByText('重复上传'));
    expect(dialog.querySelector('#delete-image-reason')).toHaveValue('重复上传');
    fireEvent.click(dialog.querySelector('#delete-image-confirm')!);
    await waitFor(() => expect(request).toHaveBeenCalledWith(expect.anything(), { id: 'i1', reason: '重复上传' }));
    expect(await within(dialog).findByText('请填写删除原因（2到200个字）')).toBeInTheDocument();
  }, 15_000);

  it('verifies a file and shows the verdict with the matching capture record', async () => {
    vi.spyOn(client, 'request').mockResolvedValue(answer([image()]));
    const upload = vi.spyOn(client, 'upload').mockResolvedValue({
      verifyImage: { verdict: 'AUTHENTIC', reason: 'ISSUED_FILE', details: [], errors: [], image: { ...image(), signature: 'sig', manifest: { schema: 'cic.image-capture/1' } } },
    });
    renderWithProviders(<ImagesTab customerId="c1" />);
    await screen.findByTestId('image-card');
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'house.jpg', { type: 'image/jpeg' });
    await userEvent.upload(document.querySelector('input[type=file]') as HTMLInputElement, file);
    expect(await screen.findByTestId('verify-verdict')).toHaveTextContent('真实：与平台签发的影像一致');
    expect(upload).toHaveBeenCalledWith(expect.anything(), expect.anything(), { file: expect.any(File) });
    const record = screen.getByTestId('verify-record');
    expect(within(record).getByText(SHA)).toBeInTheDocument();
    expect(within(record).getByText('打开档案')).toHaveAttribute('href', '/archives/c1');
    expect(screen.getByText(/逐字节一致/)).toBeInTheDocument();
  }, 15_000);

  it('shows an ALTERED verdict without a record', async () => {
    vi.spyOn(client, 'request').mockResolvedValue(answer([]));
    vi.spyOn(client, 'upload').mockResolvedValue({
      verifyImage: { verdict: 'ALTERED', reason: 'C2PA_INVALID', details: ['assertion.dataHash.mismatch'], errors: [], image: null },
    });
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByText('暂无影像')).toBeInTheDocument();
    await userEvent.upload(document.querySelector('input[type=file]') as HTMLInputElement, new File([new Uint8Array([1])], 'x.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByTestId('verify-verdict')).toHaveTextContent('已被篡改');
    expect(screen.getByText(/assertion\.dataHash\.mismatch/)).toBeInTheDocument();
    expect(screen.getByTestId('verify-result')).toHaveAttribute('data-verdict', 'ALTERED');
  }, 15_000);

  it('shows API errors as errors, in words', async () => {
    vi.spyOn(client, 'request').mockRejectedValue(new ApiError('denied', 'FORBIDDEN'));
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByText('您的角色无权执行此操作')).toBeInTheDocument();
  });
});
