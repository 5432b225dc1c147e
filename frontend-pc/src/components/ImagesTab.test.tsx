import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { ApiError, client } from '../api/client';
import { renderWithProviders } from '../test/render';
import { ImagesTab } from './ImagesTab';

vi.mock('../session', () => ({ useSession: () => ({ roles: ['BRANCH_MANAGER'], has: () => true }) }));

afterEach(() => vi.restoreAllMocks());

describe('ImagesTab', () => {
  it('says images are coming soon while the API has no Customer.images', async () => {
    vi.spyOn(client, 'request').mockRejectedValue(
      new ApiError("Cannot query field 'images' on type 'Customer'.", 'GRAPHQL_VALIDATION_FAILED', [
        { message: "Cannot query field 'images' on type 'Customer'.", extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ]),
    );
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByText('图片功能即将上线')).toBeInTheDocument();
  });

  it('shows the images with their capture data once the API has them', async () => {
    vi.spyOn(client, 'request').mockResolvedValue({
      customer: {
        images: [
          {
            id: 'i1', kind: 'HOUSE', kindLabel: '房屋', status: 'READY', takenAt: '2026-03-01T08:00:00Z', receivedAt: '2026-03-01T08:01:00Z',
            latitude: 26.08, longitude: 119.3, accuracyM: 8, deviceId: 'pad-1', uploadedBy: { id: '3', name: '赵国平', employeeNo: 'E00011' },
            thumbnailUrl: '/images/view/t', url: '/images/view/u', resultSha256: 'ab'.repeat(32), width: 800, height: 600, deletedAt: null, deleteReason: null,
          },
        ],
      },
    });
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByText('房屋')).toBeInTheDocument();
    expect(screen.getByText(/赵国平（E00011）/)).toBeInTheDocument();
    expect(screen.getByText(/26\.08000, 119\.30000 ±8m/)).toBeInTheDocument();
  });

  it('shows other errors as errors', async () => {
    vi.spyOn(client, 'request').mockRejectedValue(new ApiError('denied', 'FORBIDDEN'));
    renderWithProviders(<ImagesTab customerId="c1" />);
    expect(await screen.findByText('denied')).toBeInTheDocument();
  });
});
