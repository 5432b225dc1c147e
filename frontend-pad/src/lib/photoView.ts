// The full size of a photo the server has: its watermarked version through a signed link that
// expires within minutes (docs/images.md), so it is asked for when the manager opens the photo,
// not kept with the archive.
import { client } from '../api/client';

const FULL_SIZE = 'query FullSizeImage($id: ID!) { image(id: $id) { url } }';

/** The signed link of the image's watermarked full size; null offline, before READY or when the
 * server cannot be reached (the screen then shows the thumbnail it has). */
export async function fullSizeUrl(imageId: string): Promise<string | null> {
  if (!navigator.onLine) return null;
  try {
    const data = await client.request<{ image: { url: string | null } | null }, { id: string }>(FULL_SIZE, { id: imageId });
    return data.image?.url ?? null;
  } catch {
    return null;
  }
}
