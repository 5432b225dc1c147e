import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, megabytes, photoProblem, takenAtOf } from './photoUpload';

describe('a photo chosen on the PC', () => {
  it('is a JPEG, PNG or WebP image', () => {
    expect(photoProblem({ name: 'visit.jpg', type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(photoProblem({ name: 'land.webp', type: 'image/webp', size: 1000 })).toBeNull();
    expect(photoProblem({ name: 'notes.pdf', type: 'application/pdf', size: 1000 })).toBe('wrongType');
    expect(photoProblem({ name: 'scan.gif', type: 'image/gif', size: 1000 })).toBe('wrongType');
    expect(photoProblem({ name: 'IMG_1.JPG', type: '', size: 1000 })).toBeNull(); // no type from the OS: the name says
  });

  it('is at most the API’s limit', () => {
    expect(photoProblem({ name: 'big.jpg', type: 'image/jpeg', size: MAX_PHOTO_BYTES })).toBeNull();
    expect(photoProblem({ name: 'big.jpg', type: 'image/jpeg', size: MAX_PHOTO_BYTES + 1 })).toBe('tooBig');
    expect(megabytes(MAX_PHOTO_BYTES)).toBe('20 MB');
  });

  it('is dated by its file time when plausible, else now', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(takenAtOf(Date.parse('2026-11-30T08:00:00Z'), now)).toBe('2026-11-30T08:00:00.000Z');
    expect(takenAtOf(Date.parse('2024-01-01T00:00:00Z'), now)).toBe('2026-12-04T10:00:00.000Z'); // over a year: the API would refuse it
    expect(takenAtOf(now + 3600_000, now)).toBe('2026-12-04T10:00:00.000Z');
    expect(takenAtOf(undefined, now)).toBe('2026-12-04T10:00:00.000Z');
  });
});
