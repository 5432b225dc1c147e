// Pure helpers of the Images tab: how capture facts read, when to poll, and keeping the signed
// view links stable between refetches (every query issues fresh links, valid 300 s by default:
// CIC_IMAGE_URL_TTL_SECONDS; a thumbnail whose src changed on every poll would reload each time).

export interface SignedLinks {
  url: string | null;
  thumbnailUrl: string | null;
}

/** Poll every 2 s while the worker still has an image; else refetch for fresh links well inside their lifetime. */
export const POLL_MS = 2_000;
export const LINK_REFRESH_MS = 120_000;

export function refetchInterval(images: readonly { status: string }[] | undefined): number {
  return images?.some((i) => i.status === 'RECEIVED') ? POLL_MS : LINK_REFRESH_MS;
}

/** "26.08230, 119.29650 ±8 m", or null without coordinates. */
export function formatLocation(latitude: number | null, longitude: number | null, accuracyM: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  const accuracy = accuracyM === null ? '' : ` ±${Math.round(accuracyM)} m`;
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}${accuracy}`;
}

/** The first and last hex digits of a hash: "3f2a9c0d…77e41b2c". */
export function shortHash(hash: string | null | undefined, keep = 8): string {
  if (!hash) return '—';
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-keep)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * Keeps each image's signed links for up to `maxAgeMs` so a refetch does not change every
 * `src`; a link that is older (or missing, or failed to load: `forget`) is replaced by the newest
 * one the API gave. With LINK_REFRESH_MS refetches, a shown link is never older than 2 x maxAgeMs.
 */
export class SignedLinkCache {
  private entries = new Map<string, SignedLinks & { at: number }>();

  constructor(private readonly maxAgeMs = LINK_REFRESH_MS) {}

  stable<T extends SignedLinks & { id: string }>(image: T, now = Date.now()): T {
    const kept = this.entries.get(image.id);
    const sameShape = kept && !kept.url === !image.url && !kept.thumbnailUrl === !image.thumbnailUrl;
    if (kept && sameShape && now - kept.at < this.maxAgeMs) {
      return { ...image, url: kept.url, thumbnailUrl: kept.thumbnailUrl };
    }
    this.entries.set(image.id, { url: image.url, thumbnailUrl: image.thumbnailUrl, at: now });
    return image;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
