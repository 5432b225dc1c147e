// The PAD's services: the sync engine over the real API, the archive store (the one writer of
// what the manager types, src/lib/store.ts), what is cached for offline work (reference data,
// the manager's archives, the reminders inbox, the region tree), and the local actions the
// screens call (take a photo, submit, work a reminder, log a contact, discard, log out).
import { client, committed, fetchBlob } from '../api/client';
import { NetworkError } from '@cic/shared/graphql';
import {
  ApplicationCheckQuery,
  ApplicationFields,
  ApplicationsQuery,
  ArchiveQuery,
  CreateArchiveMutation,
  CustomerContactsQuery,
  ImageQuery,
  LogContactMutation,
  MeQuery,
  MyArchivesQuery,
  MyRemindersQuery,
  ProductsQuery,
  ReferenceQuery,
  RegionsQuery,
  SubmitApplicationMutation,
  SubmitArchiveMutation,
  UpdateArchiveMutation,
  UploadImageMutation,
  WorkReminderMutation,
} from '../api/operations';
import { sessionStore } from '../api/session';
import type { ApplicationCheckQuery as CheckResult, ImageKind, ReferenceQuery as ReferenceResult } from '../gql/graphql';
import { db, getCache, mergeServerCopy, putCache, type LocalPhoto } from './db';
import { keepApplication, storeApplications } from './applicationStore';
import { INBOX_SIZE, keepContact, keepReminderWork, storeContacts, storeReminders, type ContactDraft, type WorkDraft } from './reminderStore';
import { padProducts, type ApplicationDraft, type Product, type ServerApplication } from './application';
import { ArchiveStore, type Loss } from './store';
import { LAST_SYNCED_KEY, SyncEngine, type SyncApi } from './sync';
import { ruleTargets } from './feedback';
import { downscalePhoto, jpegName } from './downscale';
import type { ExtraFieldSpec } from './validate';

export const api: SyncApi = {
  createArchive: async (input) => committed((await client.request(CreateArchiveMutation, { input })).createArchive, 'createArchive'),
  updateArchive: async (input) => committed((await client.request(UpdateArchiveMutation, { input })).updateArchive, 'updateArchive'),
  submitArchive: async (input) => committed((await client.request(SubmitArchiveMutation, { input })).submitArchive, 'submitArchive'),
  fetchArchive: async (id) => (await client.request(ArchiveQuery, { id })).customer ?? null,
  uploadImage: async (input, file, fileName) =>
    committed((await client.upload(UploadImageMutation, { input, file: null as unknown as File }, { file: new File([file], fileName, { type: file.type }) })).uploadImage, 'uploadImage'),
  fetchImage: async (id) => (await client.request(ImageQuery, { id })).image ?? null,
  fetchBlob: (url) => fetchBlob(url),
  submitApplication: async (input) => committed((await client.request(SubmitApplicationMutation, { input })).submitApplication, 'submitApplication'),
  workReminder: async (input) => committed((await client.request(WorkReminderMutation, { input })).workReminder, 'workReminder'),
  logContact: async (input) => committed((await client.request(LogContactMutation, { input })).logContact, 'logContact'),
};

export const engine = new SyncEngine(db, api);
export const archiveStore = new ArchiveStore(db, engine, () => extraFieldSpecs());

export interface Region {
  code: string;
  name: string;
  level: string;
  hasChildren: boolean;
}

export const DEFAULT_REQUIRED_KINDS: ImageKind[] = ['ID_FRONT', 'ID_BACK', 'VISIT_PHOTO'];

/** The kinds the published rules in force require (REQUIRED_IMAGES rules), union of all. */
export function requiredKinds(ruleSets: ReferenceResult['ruleSets']): ImageKind[] {
  const kinds = new Set<ImageKind>();
  for (const set of ruleSets.filter((s) => s.status === 'PUBLISHED')) {
    for (const rule of set.rules) {
      if (rule.kind === 'REQUIRED_IMAGES' && rule.enabled) for (const k of (rule.params?.kinds ?? []) as ImageKind[]) kinds.add(k);
    }
  }
  return kinds.size ? [...kinds] : DEFAULT_REQUIRED_KINDS;
}

export async function deviceId(): Promise<string> {
  let id = localStorage.getItem('cic.pad.device');
  if (!id) {
    id = `PAD-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    localStorage.setItem('cic.pad.device', id);
  }
  return id;
}

// -- caching for offline work -------------------------------------------------------------------

export async function regionsOf(parentCode: string | null): Promise<Region[] | undefined> {
  const key = `regions:${parentCode ?? ''}`;
  if (navigator.onLine) {
    try {
      const fresh = (await client.request(RegionsQuery, { parentCode })).regions;
      await putCache(key, fresh);
      return fresh;
    } catch {
      /* fall back to the cache */
    }
  }
  return getCache<Region[]>(key);
}

/** Names of cached regions by code, for labels. */
export async function regionNames(): Promise<Map<string, string>> {
  const rows = await db.cache.where('key').startsWith('regions:').toArray();
  const names = new Map<string, string>();
  for (const row of rows) for (const r of row.value as Region[]) names.set(r.code, r.name);
  return names;
}

/** The region tree a manager needs offline: every city and county of the provinces of their
 * archives and branch, and the bank's townships and villages under those counties. A handful
 * of aliased queries (at most 25 parents each). */
async function prefetchRegions(provinceCodes: string[]): Promise<void> {
  const fetchLevel = async (parents: string[]): Promise<Region[]> => {
    const out: Region[] = [];
    for (let i = 0; i < parents.length; i += 25) {
      const chunk = parents.slice(i, i + 25);
      const query = `query { ${chunk.map((p, j) => `r${j}: regions(parentCode: "${p}") { code name level hasChildren }`).join(' ')} }`;
      const data = await client.request<Record<string, Region[]>, Record<string, never>>(query);
      for (const [j, parent] of chunk.entries()) {
        await putCache(`regions:${parent}`, data[`r${j}`]);
        out.push(...data[`r${j}`]);
      }
    }
    return out;
  };
  const cities = await fetchLevel(provinceCodes);
  const counties = await fetchLevel(cities.filter((c) => c.hasChildren).map((c) => c.code));
  const townships = await fetchLevel(counties.filter((c) => c.level === 'COUNTY' && c.hasChildren).map((c) => c.code));
  await fetchLevel(townships.filter((t) => t.hasChildren).map((t) => t.code));
}

/** Everything for offline work, fetched when the network is there (login, back online). */
export async function refreshFromServer(): Promise<void> {
  const me = (await client.request(MeQuery)).me;
  if (me.user) {
    sessionStore.setUser({ id: me.user.id, name: me.user.name, username: me.user.username, employeeNo: me.user.employeeNo, orgName: me.orgUnit?.name ?? '' });
  }
  const reference = await client.request(ReferenceQuery);
  await putCache('extraFields', reference.extraFieldDefinitions);
  await putCache('requiredKinds', requiredKinds(reference.ruleSets));
  await putCache('ruleTargets', ruleTargets(reference.ruleSets));
  await putCache('regions:', reference.regions);
  if (me.user) {
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(me.user.id, after);
      await db.transaction('rw', db.archives, async () => {
        for (const { node } of result.edges) await db.archives.put(mergeServerCopy(await db.archives.get(node.id), node));
      });
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor ?? null;
    }
  }
  const archives = await db.archives.toArray();
  // The reminders inbox: neither may a failure here (a role without reminders is refused).
  try {
    await refreshReminders();
  } catch (error) {
    if (!(error instanceof NetworkError)) console.warn('reminders refresh failed', error);
  }
  // Products and applications: a failure here must not keep the archives from being offline-ready.
  try {
    await putCache('products', (await client.request(ProductsQuery)).products);
    await refreshApplications(archives.filter((a) => a.serverVersion !== null).map((a) => a.id));
  } catch (error) {
    if (!(error instanceof NetworkError)) console.warn('applications refresh failed', error);
  }
  const provinces = new Set(archives.map((a) => (a.server?.address.regionCode ?? a.draft?.address.regionCode ?? '').slice(0, 2)).filter(Boolean).map((p) => `${p}0000`));
  if (!(await getCache('regionsPrefetched')) && provinces.size) {
    await prefetchRegions([...provinces]);
    await putCache('regionsPrefetched', new Date().toISOString());
  }
  await putCache(LAST_SYNCED_KEY, new Date().toISOString());
  // Offline-ready: what a manager needs in the village is on the tablet (the tests wait for it).
  document.documentElement.dataset.cache = 'ready';
}

async function fetchPage(managerId: string, after: string | null) {
  return (await client.request(MyArchivesQuery, { managerId, first: 100, after })).customers;
}

// -- quota applications ------------------------------------------------------------------------

/** How many applications per archive are kept for offline viewing (newest first). */
export const APPLICATIONS_PER_ARCHIVE = 10;

/** The applications of these archives (one aliased list per archive, 25 per request: the API
 * has no list by manager). */
export async function refreshApplications(customerIds: string[]): Promise<void> {
  const fragment = ApplicationFields.toString();
  for (let i = 0; i < customerIds.length; i += 25) {
    const chunk = customerIds.slice(i, i + 25);
    const query = `query { ${chunk.map((id, j) => `a${j}: applications(customerId: ${JSON.stringify(id)}, first: ${APPLICATIONS_PER_ARCHIVE}) { edges { node { ...ApplicationFields } } }`).join(' ')} } ${fragment}`;
    const data = await client.request<Record<string, { edges: { node: ServerApplication }[] }>, Record<string, never>>(query);
    for (const [j, id] of chunk.entries()) await storeApplications(db, id, data[`a${j}`].edges.map((e) => e.node));
  }
}

/** One archive's applications, fresh (the archive page, online). */
export async function refreshArchiveApplications(customerId: string): Promise<void> {
  const data = await client.request(ApplicationsQuery, { customerId, first: APPLICATIONS_PER_ARCHIVE });
  await storeApplications(db, customerId, data.applications.edges.map((e) => e.node));
}

// -- reminders (提醒) and contacts (客户接触) ------------------------------------------------------

/** The manager's open reminders, fresh (kept for the inbox offline: src/lib/reminderStore.ts). */
export async function refreshReminders(): Promise<void> {
  const fetchedAt = new Date().toISOString();
  const data = await client.request(MyRemindersQuery, { first: INBOX_SIZE });
  await storeReminders(db, data.myReminders, fetchedAt);
  await putCache('remindersFetchedAt', fetchedAt);
}

/** One archive's contacts, fresh (the archive page, online). */
export async function refreshArchiveContacts(customerId: string): Promise<void> {
  const data = await client.request(CustomerContactsQuery, { customerId });
  await storeContacts(db, customerId, data.customerContacts);
}

/** The manager marks a reminder done, snoozes or dismisses it: kept on the tablet (it leaves the
 * inbox at once) and queued. */
export async function queueReminderWork(reminderId: string, draft: WorkDraft): Promise<void> {
  const customerId = await keepReminderWork(db, reminderId, draft);
  await engine.enqueueReminderWork(customerId, reminderId);
  void engine.run();
}

/** The manager logs a contact with a customer, now, for a reminder or not: kept on the tablet
 * with the tablet's id (a replayed send stores it once) and queued. */
export async function queueContact(customerId: string, reminderId: string | null, draft: ContactDraft): Promise<string> {
  if (!draft.channel || !draft.outcome) throw new Error('a contact needs its channel and outcome');
  const id = crypto.randomUUID();
  await keepContact(db, { id, customerId, reminderId, channel: draft.channel, outcome: draft.outcome, contactedAt: offsetIso(new Date()), note: draft.note });
  await engine.enqueueContact(customerId, id);
  void engine.run();
  return id;
}

/** The products the tablet can apply for, from the cache (refreshed with everything else). */
export async function cachedProducts(): Promise<Product[]> {
  return padProducts((await getCache<Product[]>('products')) ?? []);
}

export type ApplicationCheck = CheckResult['applicationCheck'];

/** Whether the archive may apply for the product: the server's answer when online (kept),
 * else the last answer kept on the tablet (`fresh: false`), else nothing. */
export async function applicationCheck(customerId: string, productId: string): Promise<{ check: ApplicationCheck; fresh: boolean; at: string } | null> {
  const key = `check:${customerId}:${productId}`;
  if (navigator.onLine) {
    try {
      const check = (await client.request(ApplicationCheckQuery, { customerId, productId })).applicationCheck;
      await putCache(key, check);
      return { check, fresh: true, at: new Date().toISOString() };
    } catch {
      /* fall back to the cache */
    }
  }
  const row = await db.cache.get(key);
  return row ? { check: row.value as ApplicationCheck, fresh: false, at: row.savedAt } : null;
}

/** The manager sends an application (new, or fixed after a refusal): kept on the tablet with
 * the tablet's id and queued; shown as 待同步 until the server has it. */
export async function queueApplication(customerId: string, id: string, draft: ApplicationDraft): Promise<void> {
  await keepApplication(db, customerId, id, draft);
  await engine.enqueueApplication(customerId, id);
  void engine.run();
}

export async function extraFieldSpecs(): Promise<ExtraFieldSpec[]> {
  return ((await getCache<ExtraFieldSpec[]>('extraFields')) ?? []).slice();
}

// -- local actions --------------------------------------------------------------------------

export async function submitArchive(id: string): Promise<void> {
  await db.archives.update(id, { submitRequested: true });
  await engine.enqueueSubmit(id);
  void engine.run();
}

function position(): Promise<GeolocationPosition | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), { enableHighAccuracy: true, timeout: 8_000, maximumAge: 60_000 });
  });
}

function offsetIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** A photo taken now (or a signature drawn): time and position recorded at capture, made smaller
 * on the tablet (a JPEG within 2560 px, src/lib/downscale.ts: never the camera's original), kept
 * until confirmed and queued, also before the archive was ever saved. `replaces` is the photo it
 * retakes (src/lib/store.ts, keepPhoto). Throws when the file is not an image the tablet can read. */
export async function capturePhoto(archiveId: string, kind: ImageKind, file: Blob & { name?: string }, replaces: string | null = null): Promise<LocalPhoto> {
  const takenAt = offsetIso(new Date());
  const [small, where] = await Promise.all([downscalePhoto(file), position()]);
  const photo: LocalPhoto = {
    id: crypto.randomUUID(),
    archiveId,
    kind,
    blob: small.blob,
    fileName: jpegName(file.name ?? '', kind.toLowerCase()),
    takenAt,
    latitude: where?.coords.latitude ?? null,
    longitude: where?.coords.longitude ?? null,
    accuracyM: where ? Math.min(100000, Math.round(where.coords.accuracy * 10) / 10) : null,
    deviceId: await deviceId(),
    state: 'queued',
    serverId: null,
    thumb: null,
    error: null,
    createdAt: new Date().toISOString(),
  };
  await archiveStore.keepPhoto(photo, replaces);
  return photo;
}

/** Logout: the server forgets the refresh token, the tablet forgets everything. */
export async function logoutAndWipe(): Promise<void> {
  await sessionStore.logout();
  archiveStore.closeAll();
  db.close();
  await db.delete();
  await db.open();
}

/** A different user logs in on this tablet: the previous user's data goes. */
export async function wipeLocalData(): Promise<void> {
  archiveStore.closeAll();
  await Promise.all([db.archives.clear(), db.photos.clear(), db.queue.clear(), db.cache.clear(), db.applications.clear(), db.reminders.clear(), db.contacts.clear()]);
}

/** What the server does not have yet, per archive (logout and a change of user say it). */
export function losses(): Promise<Loss[]> {
  return archiveStore.losses();
}
