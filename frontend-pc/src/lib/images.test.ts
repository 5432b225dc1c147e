import { describe, expect, it } from 'vitest';
import { formatBytes, formatLocation, LINK_REFRESH_MS, POLL_MS, refetchInterval, shortHash, SignedLinkCache } from './images';

describe('image helpers', () => {
  it('polls while an image is still being processed, else refreshes the links in time', () => {
    expect(refetchInterval([{ status: 'READY' }, { status: 'RECEIVED' }])).toBe(POLL_MS);
    expect(refetchInterval([{ status: 'READY' }, { status: 'FAILED' }])).toBe(LINK_REFRESH_MS);
    expect(refetchInterval(undefined)).toBe(LINK_REFRESH_MS);
    expect(LINK_REFRESH_MS * 2).toBeLessThan(300_000); // CIC_IMAGE_URL_TTL_SECONDS
  });

  it('formats locations, hashes and sizes', () => {
    expect(formatLocation(26.0823, 119.2965, 8.4)).toBe('26.08230, 119.29650 ±8 m');
    expect(formatLocation(26.0823, 119.2965, null)).toBe('26.08230, 119.29650');
    expect(formatLocation(null, null, 5)).toBeNull();
    expect(shortHash('ab'.repeat(32))).toBe('abababab…abababab');
    expect(shortHash(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
  });

  it('keeps signed links stable between refetches until they age, and takes new ones when the image changes', () => {
    const cache = new SignedLinkCache(1000);
    const first = cache.stable({ id: 'i1', url: '/v/a', thumbnailUrl: '/v/at' }, 0);
    expect(first.url).toBe('/v/a');
    expect(cache.stable({ id: 'i1', url: '/v/b', thumbnailUrl: '/v/bt' }, 500)).toMatchObject({ url: '/v/a', thumbnailUrl: '/v/at' });
    expect(cache.stable({ id: 'i1', url: '/v/c', thumbnailUrl: '/v/ct' }, 1500)).toMatchObject({ url: '/v/c', thumbnailUrl: '/v/ct' });
    // Deleted (no links any more) or processed (links appear): the newest answer wins at once.
    expect(cache.stable({ id: 'i1', url: null, thumbnailUrl: null }, 1600)).toMatchObject({ url: null });
    cache.stable({ id: 'i2', url: null, thumbnailUrl: null }, 0);
    expect(cache.stable({ id: 'i2', url: '/v/r', thumbnailUrl: '/v/rt' }, 10)).toMatchObject({ url: '/v/r' });
    // A link that failed to load is forgotten: the next answer replaces it.
    cache.forget('i2');
    expect(cache.stable({ id: 'i2', url: '/v/s', thumbnailUrl: '/v/st' }, 20)).toMatchObject({ url: '/v/s' });
  });
});
