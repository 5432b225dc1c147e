// What both front ends' browser tests share that needs no package: the demo password, where
// screenshots go, and API calls for test set-up and checks (Node's fetch).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.resolve(here, '..', 'docs', 'screenshots');
export const PASSWORD = 'Cic@2026demo';

export async function apiToken(baseURL: string, username: string): Promise<string> {
  const response = await fetch(`${baseURL}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password: PASSWORD }).toString(),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function gql<T = Record<string, any>>(baseURL: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** A valid 18-digit resident ID (GB 11643 check digit). */
export function residentId(region: string, birth: string, sequence: number): string {
  const body = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A real camera JPEG for uploads (the PAD suite's fixture). */
export const PHOTO = path.resolve(here, '..', 'frontend-pad', 'e2e', 'fixtures', 'visit.jpg');

const UPLOAD = `mutation($input: UploadImageInput!, $file: Upload!) {
  uploadImage(input: $input, file: $file) { image { id kind } errors { field code message } }
}`;

/** Upload a photo of an archive as `kind` (GraphQL multipart request with the CSRF header). */
export async function uploadImage(baseURL: string, token: string, customerId: string, kind: string, bytes: Buffer = readFileSync(PHOTO)): Promise<string> {
  const input = { customerId, kind, clientUploadId: randomUUID(), takenAt: new Date(Date.now() - 60_000).toISOString() };
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { input, file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
  const response = await fetch(`${baseURL}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-cic-csrf': '1' }, body: form });
  const body = (await response.json()) as { data?: { uploadImage: { image: { id: string } | null; errors: unknown[] } }; errors?: unknown[] };
  const payload = body.data?.uploadImage;
  if (body.errors?.length || !payload?.image) throw new Error(`upload ${kind}: ${JSON.stringify(body.errors ?? payload?.errors)}`);
  return payload.image.id;
}
