// The size a photo is queued at (src/lib/downscale.ts): the long edge at most 2560 px.
import { describe, expect, it } from 'vitest';
import { fitWithin, jpegName, MAX_EDGE } from './downscale';

describe('fitWithin', () => {
  it('brings a 12 MP landscape photo to a 2560 px long edge, keeping its shape', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 2560, height: 1920 });
  });

  it('does the same for a portrait photo (the long edge is the height)', () => {
    expect(fitWithin(3000, 4000)).toEqual({ width: 1920, height: 2560 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1920, height: 2560 });
  });

  it('rounds the short edge to the nearest pixel', () => {
    // 4032 x 2268 (16:9): 2268 * 2560 / 4032 = 1440 exactly; 4000 x 2251: 1440.64 -> 1441.
    expect(fitWithin(4032, 2268)).toEqual({ width: 2560, height: 1440 });
    expect(fitWithin(4000, 2251)).toEqual({ width: 2560, height: 1441 });
  });

  it('never enlarges a photo that already fits, nor one exactly at the limit', () => {
    expect(fitWithin(1600, 1200)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(MAX_EDGE, 1000)).toEqual({ width: MAX_EDGE, height: 1000 });
    expect(fitWithin(MAX_EDGE + 1, MAX_EDGE + 1)).toEqual({ width: MAX_EDGE, height: MAX_EDGE });
  });

  it('keeps a very long, thin image at least one pixel high', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: 2560, height: 1 });
  });

  it('takes another limit', () => {
    expect(fitWithin(4000, 3000, 1000)).toEqual({ width: 1000, height: 750 });
  });

  it('refuses a size that is not an image', () => {
    expect(() => fitWithin(0, 100)).toThrow(RangeError);
    expect(() => fitWithin(100, Number.NaN)).toThrow(RangeError);
  });
});

describe('jpegName', () => {
  it('names the re-encoded photo .jpg', () => {
    expect(jpegName('IMG_0001.HEIC', 'x')).toBe('IMG_0001.jpg');
    expect(jpegName('photo.png', 'x')).toBe('photo.jpg');
    expect(jpegName('', 'id_front')).toBe('id_front.jpg');
    expect(jpegName('.png', 'signature')).toBe('signature.jpg');
  });
});
