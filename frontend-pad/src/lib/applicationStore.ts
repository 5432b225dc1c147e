// The quota applications in IndexedDB (table `applications`): what the manager sends (kept with
// the tablet's id until the server has it) and what the server lists per archive. The screens
// read the table; the sync queue (src/lib/sync.ts) writes the server's answers.
import type { ApplicationDraft, ServerApplication } from './application';
import type { LocalApplication, PadDatabase } from './db';

/** Keep an application the manager sends (new, or fixed after a refusal): the draft with a new
 * revision, the last refusal cleared. The caller queues it. */
export async function keepApplication(db: PadDatabase, customerId: string, id: string, draft: ApplicationDraft, now = new Date().toISOString()): Promise<void> {
  await db.transaction('rw', db.applications, async () => {
    const row = await db.applications.get(id);
    if (row?.server) throw new Error('the server already has this application');
    const next: LocalApplication = {
      id,
      customerId,
      server: null,
      createdAt: row?.createdAt ?? now,
      draft,
      errors: [],
      revision: (row?.revision ?? 0) + 1,
      updatedAt: now,
    };
    await db.applications.put(next);
  });
}

/** The server's applications of one archive (newest first, as many as were asked for) into the
 * table. Server rows are replaced by the list; a row the list no longer has goes; applications
 * that are only on this tablet (waiting or refused) stay. A row the list has while its draft
 * still waits here was sent and its answer lost: the server's copy is it. */
export async function storeApplications(db: PadDatabase, customerId: string, nodes: ServerApplication[], now = new Date().toISOString()): Promise<void> {
  await db.transaction('rw', db.applications, async () => {
    const existing = await db.applications.where('customerId').equals(customerId).toArray();
    const listed = new Set(nodes.map((n) => n.id));
    await db.applications.bulkDelete(existing.filter((a) => a.server && !listed.has(a.id)).map((a) => a.id));
    for (const node of nodes) {
      const row = existing.find((a) => a.id === node.id);
      await db.applications.put({ id: node.id, customerId, revision: row?.revision ?? 0, draft: null, errors: [], server: node, createdAt: node.createdAt, updatedAt: now });
    }
  });
}
