// Photos are made smaller on the tablet before they are queued: a 12 MP camera original is 4-8 MB,
// minutes on a village network, while the server keeps at most a 2560 px long edge anyway (its
// worker downscales to CIC_IMAGE_MAX_EDGE, docs/images.md). The tablet decodes the file with its
// EXIF orientation applied (an upright bitmap: the JPEG it writes carries no EXIF, so a portrait
// photo must not come out lying on its side), fits it within MAX_EDGE and re-encodes it as JPEG.

/** The longest edge a photo is queued with, in pixels (the server's CIC_IMAGE_MAX_EDGE). */
export const MAX_EDGE = 2560;
/** JPEG quality of the queued photo: text on an ID card stays sharp at a fifth of the bytes. */
export const JPEG_QUALITY = 0.85;

export interface Size {
  width: number;
  height: number;
}

/** The size a photo is queued at: the long edge at most `maxEdge` (exactly `maxEdge` when the
 * photo is larger), the aspect ratio kept (the short edge rounded, at least 1 px), never
 * enlarged. */
export function fitWithin(width: number, height: number, maxEdge: number = MAX_EDGE): Size {
  if (!(width > 0 && height > 0 && maxEdge > 0)) throw new RangeError(`not an image size: ${width}x${height} within ${maxEdge}`);
  const w = Math.round(width);
  const h = Math.round(height);
  const long = Math.max(w, h);
  if (long <= maxEdge) return { width: w, height: h };
  const short = Math.max(1, Math.round((Math.min(w, h) * maxEdge) / long));
  return w >= h ? { width: maxEdge, height: short } : { width: short, height: maxEdge };
}

/** The file name of the re-encoded photo: the same name with a .jpg extension. */
export function jpegName(name: string, fallback: string): string {
  const base = (name || fallback).replace(/\.[^./\\]*$/, '');
  return `${base || fallback}.jpg`;
}

export interface Downscaled extends Size {
  blob: Blob;
}

/** The photo as it is queued: upright (EXIF orientation applied), within `maxEdge`, JPEG.
 * Throws when the browser cannot decode the file (it is not an image it knows). */
export async function downscalePhoto(file: Blob, maxEdge: number = MAX_EDGE, quality: number = JPEG_QUALITY): Promise<Downscaled> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, maxEdge);
    const blob = await drawJpeg(bitmap, width, height, quality);
    return { blob, width, height };
  } finally {
    bitmap.close();
  }
}

async function drawJpeg(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    paint(canvas.getContext('2d'), bitmap, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  paint(canvas.getContext('2d'), bitmap, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', quality));
}

function paint(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null, bitmap: ImageBitmap, width: number, height: number): void {
  if (!ctx) throw new Error('no 2d canvas on this device');
  // A transparent PNG (a signature, a screenshot) becomes white paper, not black, in a JPEG.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
}
