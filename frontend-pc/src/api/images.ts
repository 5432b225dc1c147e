// The image platform's operations, deliberately NOT run through graphql-codegen: the image API
// (Customer.images, deleteImage, verifyImage) is being added to the backend while the workbench
// is built, so these documents are plain strings with hand-written types, and the Images tab
// asks the API whether the fields exist (a GRAPHQL_VALIDATION_FAILED answer means "not yet",
// and the tab says 图片功能即将上线). Once schema.graphql has them, they can move to operations.ts.
import { ApiError, client } from './client';

export interface CustomerImage {
  id: string;
  kind: string;
  kindLabel?: string | null;
  status: string;
  takenAt: string;
  receivedAt: string;
  latitude: number | null;
  longitude: number | null;
  accuracyM: number | null;
  deviceId: string | null;
  uploadedBy: { id: string; name: string; employeeNo: string } | null;
  thumbnailUrl: string | null;
  url: string | null;
  resultSha256: string | null;
  width: number | null;
  height: number | null;
  deletedAt: string | null;
  deleteReason: string | null;
}

export interface ImageVerification {
  verdict: 'AUTHENTIC' | 'ALTERED' | 'UNKNOWN' | null;
  reason: string | null;
  image: CustomerImage | null;
}

const IMAGE_FIELDS = `id kind status takenAt receivedAt latitude longitude accuracyM deviceId
  uploadedBy { id name employeeNo } thumbnailUrl url resultSha256 width height deletedAt deleteReason`;

export const CUSTOMER_IMAGES = `query CustomerImages($id: ID!) { customer(id: $id) { id images { ${IMAGE_FIELDS} } } }`;
export const DELETE_IMAGE = `mutation DeleteImage($id: ID!, $reason: String!) { deleteImage(id: $id, reason: $reason) { errors { field code message messageEn } } }`;
export const VERIFY_IMAGE = `mutation VerifyImage($file: Upload!) { verifyImage(file: $file) { verdict reason image { ${IMAGE_FIELDS} } } }`;

/** True when the API does not know a field of the document (the image API is not deployed yet). */
export function isMissingApi(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.code === 'GRAPHQL_VALIDATION_FAILED' &&
    error.errors.some((e) => /Cannot query field|Unknown type|Unknown argument/.test(e.message))
  );
}

export type ImagesResult = { available: false } | { available: true; images: CustomerImage[] };

export async function loadCustomerImages(id: string): Promise<ImagesResult> {
  try {
    const data = await client.request<{ customer: { images: CustomerImage[] } | null }, { id: string }>(CUSTOMER_IMAGES, { id });
    return { available: true, images: data.customer?.images ?? [] };
  } catch (e) {
    if (isMissingApi(e)) return { available: false };
    throw e;
  }
}

export async function deleteImage(id: string, reason: string): Promise<void> {
  const data = await client.request<{ deleteImage: { errors?: { message: string }[] } }, { id: string; reason: string }>(DELETE_IMAGE, { id, reason });
  const errors = data.deleteImage.errors;
  if (errors?.length) throw new ApiError(errors.map((e) => e.message).join('；'), 'INVALID');
}

export async function verifyImage(file: File): Promise<ImageVerification> {
  const data = await client.upload<{ verifyImage: ImageVerification }, Record<string, unknown>>(VERIFY_IMAGE, {}, { file });
  return data.verifyImage;
}
