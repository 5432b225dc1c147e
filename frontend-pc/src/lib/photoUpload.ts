// What the PC checks before a photo goes to uploadImage (the PAD's pipeline: the API stores the
// original, the worker watermarks, signs and thumbnails it). The API refuses the same things
// again (docs/images.md); checking first spares a 20 MB upload that would be refused.

export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** The API's limit (CIC_IMAGE_MAX_BYTES, 20 MiB by default). */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export type PhotoProblem = 'wrongType' | 'tooBig';

export function photoProblem(file: { type: string; size: number; name: string }, maxBytes = MAX_PHOTO_BYTES): PhotoProblem | null {
  const byName = /\.(jpe?g|png|webp)$/i.test(file.name);
  if (!(ACCEPTED_TYPES as readonly string[]).includes(file.type) && !(file.type === '' && byName)) return 'wrongType';
  if (file.size > maxBytes) return 'tooBig';
  return null;
}

/** When the photo was taken, as far as the PC knows: the file's time when it is plausible (within
 * the last year, not in the future), else now. */
export function takenAtOf(lastModified: number | undefined, now: number = Date.now()): string {
  const plausible = lastModified !== undefined && lastModified > now - ONE_YEAR_MS + 60_000 && lastModified <= now;
  return new Date(plausible ? lastModified : now).toISOString();
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
