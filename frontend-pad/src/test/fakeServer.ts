// A tiny in-memory CIC for the sync and store tests: versions, client ids, idempotent uploads,
// reminders and contacts (backend/marketing/inbox.py and contacts.py's rules), a switch for the
// network, answers that can be held back, and calls that fail.
import type { ContactFieldsFragment, ImageFieldsFragment, ReminderFieldsFragment } from '../gql/graphql';
import { toFen, type ServerApplication } from '../lib/application';
import type { FieldError } from '../lib/validate';
import type { ServerArchive } from '../lib/archive';
import { NetworkError, type ArchivePayloadLike, type SyncApi } from '../lib/sync';

/** What the fake keeps of an archive input (the rest comes back empty). */
interface Kept {
  name: string;
  idNumber: string;
  mobile?: string | null;
  altPhone?: string | null;
  maritalStatus?: ServerArchive['maritalStatus'];
  household?: { size?: number } | null;
  address?: { line?: string | null } | null;
  income?: { wages?: string | null } | null;
  social?: { remarks?: string | null } | null;
}

/** An API failure with a code, as src/api/client.ts throws it. */
export function apiError(code: string): Error {
  return Object.assign(new Error(`server says ${code}`), { code });
}

/** Money as the server prints it: two decimals. */
const money = (v: string | null | undefined) => Number(v ?? 0).toFixed(2);

export class FakeServer implements SyncApi {
  archives = new Map<string, ServerArchive>();
  images = new Map<string, ImageFieldsFragment & { clientUploadId: string }>();
  calls: string[] = [];
  /** Applications by id, and what the server answers about eligibility (a refusal's errors). */
  applications = new Map<string, ServerApplication>();
  ineligible: FieldError[] = [];
  recommendedQuota = '20000.00';
  /** Reminders by id (status OPEN until worked), and contacts by id with their customer. */
  reminders = new Map<string, ReminderFieldsFragment>();
  contacts = new Map<string, ContactFieldsFragment & { customerId: string }>();
  /** The server's day (snoozes end after it, within 90 days). */
  today = '2026-06-01';
  online = true;
  /** the next call reaches the server but its answer is lost */
  loseNextAnswer = false;
  /** calls by name that fail with this error code (INTERNAL ...) while set */
  failing = new Map<string, string>();
  private held = new Map<string, { arrived: () => void; gate: Promise<void> }>();

  /** The next call `name` waits (before it reaches the server) until `release` is called;
   * `arrived` resolves once it is waiting. */
  hold(name: string): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen = new Promise<void>((resolve) => (arrived = resolve));
    this.held.set(name, { arrived, gate });
    return { arrived: seen, release };
  }

  private async gate<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name);
    const held = this.held.get(name);
    if (held) {
      this.held.delete(name);
      held.arrived();
      await held.gate;
    }
    if (!this.online) throw new NetworkError('offline');
    const failure = this.failing.get(name);
    if (failure) throw apiError(failure);
    const result = work();
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new NetworkError('connection reset');
    }
    return result;
  }

  private customer(id: string, version: number, input: Kept): ServerArchive {
    return {
      id, version, status: 'DRAFT', channel: 'PAD', name: input.name, idNumber: input.idNumber.slice(0, 6) + '********' + input.idNumber.slice(-4),
      idExpiry: null, idLongTerm: true, gender: 'MALE', birthDate: '1990-01-01', ethnicity: null, education: null, maritalStatus: input.maritalStatus ?? null, health: null,
      mobile: input.mobile ?? null, altPhone: input.altPhone ?? null, returnReasons: null, updatedAt: new Date().toISOString(),
      address: { regionCode: null, regionName: null, townshipCode: null, villageCode: null, line: input.address?.line ?? null },
      household: { size: input.household?.size ?? 1, registerNo: null, isHead: true }, familyMembers: [],
      land: { contractedMu: '0.00', rentedMu: '0.00', crops: [] }, livestock: [], assets: [],
      income: { farming: '0.00', business: '0.00', wages: money(input.income?.wages), other: '0.00', total: money(input.income?.wages) }, liabilities: [], business: null,
      social: { villageCreditRating: null, remarks: input.social?.remarks ?? null }, consent: null, extraFields: [],
      evaluation: { completeness: 80, precise: false, violations: [{ code: 'BASE_REQUIRED_IMAGES', severity: 'ERROR', message: '须上传身份证正反面及走访照片', messageEn: '' }] },
    };
  }

  private payload(p: Partial<ArchivePayloadLike>): ArchivePayloadLike {
    return { customer: null, errors: [], conflict: null, duplicateOf: null, violations: [], ...p };
  }

  createArchive: SyncApi['createArchive'] = (input) =>
    this.gate('create', () => {
      if (this.archives.has(String(input.id))) return this.payload({ errors: [{ field: 'idNumber', code: 'DUPLICATE_ARCHIVE', message: '', messageEn: '' }], duplicateOf: String(input.id) });
      const c = this.customer(String(input.id), 1, input.archive);
      this.archives.set(c.id, c);
      return this.payload({ customer: c });
    });

  updateArchive: SyncApi['updateArchive'] = (input) =>
    this.gate('update', () => {
      const current = this.archives.get(String(input.id))!;
      if (current.version !== input.version) {
        // As the server (docs/customers.md, "Saving twice"): a stale update of exactly what the
        // archive holds is answered as saved.
        const replay = { ...this.customer(current.id, current.version, input.archive), idNumber: current.idNumber, updatedAt: current.updatedAt };
        if (JSON.stringify(replay) === JSON.stringify(current)) return this.payload({ customer: current });
        return this.payload({ conflict: { serverVersion: current.version, current }, errors: [{ field: 'version', code: 'VERSION_CONFLICT', message: '', messageEn: '' }] });
      }
      const c = { ...this.customer(String(input.id), current.version + 1, input.archive), idNumber: current.idNumber };
      this.archives.set(c.id, c);
      return this.payload({ customer: c });
    });

  submitArchive: SyncApi['submitArchive'] = (input) =>
    this.gate('submit', () => {
      const c = { ...this.archives.get(String(input.id))!, status: 'SUBMITTED' as const, version: input.version + 1 };
      this.archives.set(c.id, c);
      return this.payload({ customer: c });
    });

  fetchArchive: SyncApi['fetchArchive'] = (id) => this.gate('fetch', () => this.archives.get(id) ?? null);

  uploadImage: SyncApi['uploadImage'] = (input) =>
    this.gate('upload', () => {
      if (!this.archives.has(String(input.customerId))) return { image: null, duplicate: false, errors: [{ field: 'customerId', code: 'NOT_FOUND', message: '档案不存在', messageEn: '' }] };
      const existing = [...this.images.values()].find((i) => i.clientUploadId === String(input.clientUploadId));
      if (existing) return { image: existing, duplicate: true, errors: [] };
      const image = { id: `img-${this.images.size + 1}`, customerId: String(input.customerId), kind: input.kind, status: 'RECEIVED' as const, takenAt: input.takenAt, thumbnailUrl: null, clientUploadId: String(input.clientUploadId) };
      this.images.set(image.id, image);
      return { image, duplicate: false, errors: [] };
    });

  fetchImage: SyncApi['fetchImage'] = (id) => this.gate('image', () => this.images.get(id) ?? null);
  fetchBlob: SyncApi['fetchBlob'] = () => this.gate('blob', () => new Blob(['thumb'], { type: 'image/jpeg' }));

  submitApplication: SyncApi['submitApplication'] = (input) =>
    this.gate('apply', () => {
      const id = String(input.id);
      const existing = this.applications.get(id);
      if (existing) return { application: existing, errors: [] }; // a retry: the same application
      if (!this.archives.has(String(input.customerId))) return { application: null, errors: [{ field: 'customerId', code: 'NOT_FOUND', message: '客户档案不存在', messageEn: '' }] };
      if (this.ineligible.length) return { application: null, errors: this.ineligible };
      if (toFen(String(input.amount))! > toFen(this.recommendedQuota)! && (input.overReason ?? '').trim().length < 5) {
        return { application: null, errors: [{ field: 'overReason', code: 'OVER_REASON_REQUIRED', message: '申请金额超过推荐额度，须说明理由（至少5个字）', messageEn: '' }] };
      }
      const within = toFen(String(input.amount))! <= toFen(this.recommendedQuota)!;
      const application: ServerApplication = {
        id, number: `SQ20260601${String(this.applications.size + 1).padStart(8, '0')}`, status: within ? 'APPROVED' : 'IN_APPROVAL', channel: 'PAD', productCode: 'NONG_E_DAI',
        amount: String(input.amount), term: input.term, repaymentMethod: input.repaymentMethod, purpose: input.purpose, overReason: input.overReason ?? null,
        approvedAmount: within ? String(input.amount) : null, createdAt: new Date().toISOString(), decidedAt: within ? new Date().toISOString() : null,
        process: { currentElements: within ? [] : ['review'] }, tasks: within ? [] : [{ name: '人工复核', status: 'OPEN' }],
        quota: within ? { status: 'ACTIVE', amount: String(input.amount), availableAmount: String(input.amount), validTo: '2027-06-01' } : null,
      };
      this.applications.set(id, application);
      return { application, errors: [] };
    });

  /** An open reminder of `customerId` (the nightly job's), due on `dueOn`. */
  remind(id: string, customerId: string, name: string, dueOn = '2026-06-05', kind: ReminderFieldsFragment['kind'] = 'ARCHIVE_RETURNED'): ReminderFieldsFragment {
    const reminder: ReminderFieldsFragment = {
      id, kind, title: `档案「${name}」被退回，请补正`, dueOn, status: 'OPEN', snoozedUntil: null, note: null,
      createdAt: `2026-05-2${this.reminders.size}T01:40:00+00:00`, closedAt: null, overdue: dueOn < this.today, customer: { id: customerId, name },
    };
    this.reminders.set(id, reminder);
    return reminder;
  }

  /** myReminders(status: OPEN): the open ones, most urgent first. */
  openReminders(): ReminderFieldsFragment[] {
    return [...this.reminders.values()].filter((r) => r.status === 'OPEN').sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.createdAt.localeCompare(b.createdAt));
  }

  private closed = (r: ReminderFieldsFragment) => r.status === 'DONE' || r.status === 'DISMISSED';

  workReminder: SyncApi['workReminder'] = (input) =>
    this.gate('work', () => {
      const fail = (field: string, code: string, message: string) => ({ reminder: null, errors: [{ field, code, message, messageEn: '' }] });
      const r = this.reminders.get(String(input.id));
      if (!r) return fail('id', 'NOT_FOUND', '提醒不存在或无权访问');
      if (this.closed(r)) return fail('id', 'REMINDER_CLOSED', '提醒已处理');
      const note = input.note?.trim() || null;
      if (input.action === 'SNOOZE') {
        const last = new Date(Date.parse(`${this.today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
        if (!input.until || input.until <= this.today || input.until > last) return fail('until', 'SNOOZE_DATE', '请选择今天之后90天内的日期');
        Object.assign(r, { status: 'SNOOZED', snoozedUntil: input.until });
      } else {
        if (input.action === 'DISMISS' && !note) return fail('note', 'REASON_REQUIRED', '忽略提醒须说明原因');
        Object.assign(r, { status: input.action === 'DONE' ? 'DONE' : 'DISMISSED', closedAt: new Date().toISOString(), snoozedUntil: null });
      }
      r.note = note ?? r.note;
      return { reminder: { ...r }, errors: [] };
    });

  logContact: SyncApi['logContact'] = (input) =>
    this.gate('contact', () => {
      const id = String(input.id);
      const earlier = this.contacts.get(id);
      if (earlier) return { contact: earlier, errors: [] }; // a retry: the first one
      const reminder = input.reminderId ? this.reminders.get(String(input.reminderId)) : undefined;
      if (input.reminderId && (!reminder || reminder.customer?.id !== String(input.customerId))) {
        return { contact: null, errors: [{ field: 'reminderId', code: 'NOT_FOUND', message: '提醒不存在或无权访问', messageEn: '' }] };
      }
      const note = input.note?.trim() || null;
      if (reminder && !this.closed(reminder)) Object.assign(reminder, { status: 'DONE', closedAt: new Date().toISOString(), snoozedUntil: null, note: note ?? reminder.note });
      const contact = {
        id, customerId: String(input.customerId), channel: input.channel, outcome: input.outcome, note, contactedAt: input.contactedAt,
        reminderId: input.reminderId ? String(input.reminderId) : null, staff: { name: '林晓燕' },
      };
      this.contacts.set(id, contact);
      return { contact, errors: [] };
    });

  process(): void {
    for (const image of this.images.values()) Object.assign(image, { status: 'READY', thumbnailUrl: `/images/view/${image.id}-thumb` });
  }
}

