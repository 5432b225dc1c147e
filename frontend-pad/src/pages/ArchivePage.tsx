// The archive form: every section of the archive model, device-side checks (the ID number with
// the server's rules), the server's field errors on the right field, the rule check after save,
// and the photos with the required-image checklist. Feedback as field collection apps give it
// (docs/pad-app.md, "Field feedback"): a field's device checks show under it once the manager has
// left it and follow the typing from then on; a rule not met links to its field. What is typed belongs to the archive's
// editor (src/lib/store.ts): it is on the tablet at once, and saving makes it the draft the
// queue sends. The form only renders the editor's state and hands it every edit.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Dialog, Input, NoticeBar, Picker, Switch, Tag, Toast } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImageKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useArchiveEditor, useOnline } from '../hooks';
import {
  CONSENT_WORDING_VERSION,
  emptyAsset,
  emptyBusiness,
  emptyFamilyMember,
  emptyLiability,
  emptyLivestock,
  type ArchiveDraft,
} from '../lib/archive';
import { db, getCache, type QueueEntry } from '../lib/db';
import { isMasked, parseResidentId } from '../lib/idNumber';
import { archiveStore, DEFAULT_REQUIRED_KINDS, engine, extraFieldSpecs, refreshArchiveApplications, refreshArchiveContacts, submitArchive } from '../lib/pad';
import type { Duplicate } from '../lib/store';
import { QueueActions } from '../components/QueueActions';
import { ETHNICITIES, errorKey, labourDefault, liveErrors, withMemberIdNumber, type ExtraFieldSpec } from '../lib/validate';
import { ChoiceField, Field, SwitchField, TextField, type Binder, type Path } from '../components/fields';
import { focusTarget, formTarget, type RuleTargets } from '../lib/feedback';
import { failureText } from '../lib/queueStatus';
import { canonicalIdentifier } from '@cic/shared/archive';
import { ageOn } from '../lib/idNumber';
import { RegionPicker } from '../components/RegionPicker';
import { PhotoSection } from '../components/PhotoSection';
import { BlacklistedTag, BusinessLine } from '../components/BusinessLine';
import { RatingBlock } from '../components/RatingBlock';
import { ApplicationsSection } from '../components/ApplicationsSection';
import { ContactsSection } from '../components/ContactsSection';

function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const copy = (Array.isArray(obj) ? [...obj] : { ...(obj as object) }) as Record<string | number, unknown>;
  copy[head] = setIn((obj as Record<string | number, unknown>)?.[head], rest, value);
  return copy as T;
}

function getIn(obj: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node === null || node === undefined ? undefined : (node as Record<string | number, unknown>)[key]), obj);
}

const SECTIONS = ['applications', 'contacts', 'identity', 'contact', 'household', 'family', 'land', 'assets', 'income', 'liabilities', 'business', 'social', 'extra', 'consent', 'photos', 'rules'] as const;
const SECTION_KEYS: Record<(typeof SECTIONS)[number], string> = {
  applications: 'sectionApplications', contacts: 'sectionContacts', identity: 'sectionIdentity', contact: 'sectionContact', household: 'sectionHousehold', family: 'sectionFamily', land: 'sectionLand', assets: 'sectionAssets',
  income: 'sectionIncome', liabilities: 'sectionLiabilities', business: 'sectionBusiness', social: 'sectionSocial', extra: 'sectionExtra', consent: 'sectionConsent',
  photos: 'sectionPhotos', rules: 'sectionRules',
};

function Section({ id, title, children, extra }: { id: string; title: string; children: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <section className="form-section" id={`section-${id}`} data-testid={`section-${id}`}>
      <div className="section-head">
        <h3>{title}</h3>
        {extra}
      </div>
      <div className="section-body">{children}</div>
    </section>
  );
}

export function ArchivePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const isNew = params.get('new') === '1';
  const navigate = useNavigate();
  const online = useOnline();
  const { t, locale, enumLabel, label } = useI18n();
  const archive = useLiveQuery(() => db.archives.get(id), [id]);
  const entries = useLiveQuery(() => db.queue.where('archiveId').equals(id).toArray(), [id], [] as QueueEntry[]);
  const [editing, editor] = useArchiveEditor(id);
  const draft = editing.loaded ? editing.draft : null;
  // Fields the manager has left (error keys): their device checks show from then on.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [targets, setTargets] = useState<RuleTargets>({});
  const [specs, setSpecs] = useState<ExtraFieldSpec[]>([]);
  const [required, setRequired] = useState<ImageKind[]>(DEFAULT_REQUIRED_KINDS);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);

  useEffect(() => {
    void extraFieldSpecs().then(setSpecs);
    void getCache<ImageKind[]>('requiredKinds').then((k) => k && setRequired(k));
    void getCache<RuleTargets>('ruleTargets').then((r) => r && setTargets(r));
  }, []);

  // Fresh server copy and images when online.
  useEffect(() => {
    if (online && archive?.serverVersion) {
      void engine.refreshArchive(id).catch(() => undefined);
      void refreshArchiveApplications(id).catch(() => undefined);
      void refreshArchiveContacts(id).catch(() => undefined);
    }
  }, [online, id, archive?.serverVersion]);

  // Another archive on this tablet with this ID number: said while typing, before any sync.
  const idNumber = draft?.idNumber ?? '';
  useEffect(() => {
    let live = true;
    void archiveStore.duplicates(id, idNumber).then((found) => live && setDuplicates(found));
    return () => {
      live = false;
    };
  }, [id, idNumber]);

  // The server's refusals, then the device checks of the fields left, of the fields the last save
  // found wrong, and of an ID number typed in full: recomputed on every keystroke, so a message
  // goes as soon as the field is right.
  const errors = useMemo(() => {
    const map = new Map<string, string>();
    if (!draft) return map;
    const keys = new Set(touched);
    for (const e of archive?.localErrors ?? []) keys.add(errorKey(e.field));
    if (canonicalIdentifier(draft.idNumber).length >= 18) keys.add('idNumber');
    draft.familyMembers.forEach((m, i) => canonicalIdentifier(m.idNumber).length >= 18 && keys.add(`familyMembers.${i}.idNumber`));
    const list = [...(archive?.serverErrors ?? []), ...liveErrors(draft, specs, keys)];
    for (const e of list) if (!map.has(errorKey(e.field))) map.set(errorKey(e.field), locale === 'zh' ? e.message : e.messageEn || e.message);
    return map;
  }, [archive, draft, specs, touched, locale]);

  const set = useCallback((path: Path, value: unknown) => editor.update((d) => setIn(d, path, value)), [editor]);
  const change = (patch: (d: ArchiveDraft) => Partial<ArchiveDraft>) => editor.update((d) => ({ ...d, ...patch(d) }));
  const b: Binder = {
    get: (path) => getIn(draft, path),
    set,
    error: (path) => errors.get(path.join('.')),
  };

  if (!draft) return <div className="empty">…</div>;
  if (!editing.exists && !isNew && archive === undefined) return <div className="empty">{t('notFound')}</div>;

  const id18 = parseResidentId(draft.idNumber);
  /** A field is left (focus moves out of it): its checks show from now on. */
  const leave = (e: React.FocusEvent) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-field]')?.dataset.field;
    if (!key || touched.has(key) || (key === 'idNumber' && isMasked(draft.idNumber))) return;
    setTouched(new Set([...touched, key]));
  };
  /** A rule not met: to its field. */
  const goToRule = (code: string) => {
    const target = targets[code] ? formTarget(targets[code]) : null;
    if (target) focusTarget(target);
  };
  /** A family member's ID number: the labour capacity follows the age in it until the manager picks one. */
  const memberBinder = (i: number): Binder => ({
    ...b,
    set: (path, value) =>
      path[2] === 'idNumber' ? editor.update((d) => setIn(d, ['familyMembers', i], withMemberIdNumber(d.familyMembers[i], String(value ?? '')))) : set(path, value),
  });
  const labourHint = (i: number) => {
    const member = draft.familyMembers[i];
    const derived = labourDefault(member.idNumber);
    const parsed = derived ? parseResidentId(member.idNumber) : null;
    return parsed?.ok && derived === member.labourCapacity ? t('labourFromAge', { age: ageOn(parsed.value.birthDate) }) : undefined;
  };

  const save = async (submit = false) => {
    setBusy(true);
    try {
      // The editor saves its own copy, with every keystroke made before the tap.
      const result = await editor.save({ submit });
      setTouched(new Set([...touched, ...result.errors.map((e) => errorKey(e.field))]));
      const same = result.duplicates.filter((d) => d.exact);
      if (result.queued && same.length) Toast.show({ content: t('savedDuplicate', { names: same.map((d) => d.name).join('、') }) });
      else if (result.queued) Toast.show({ icon: 'success', content: t('saved') });
      else {
        Toast.show({ icon: 'fail', content: t('savedWithErrors', { n: result.errors.length }) });
        // To the first field to fix, once the messages are drawn.
        requestAnimationFrame(() => {
          const first = document.querySelector<HTMLElement>('.field.has-error');
          first?.scrollIntoView({ block: 'center' });
          first?.querySelector<HTMLElement>('input, textarea, button, [tabindex]')?.focus({ preventScroll: true });
        });
      }
      if (isNew) navigate(`/archives/${id}`, { replace: true });
    } finally {
      setBusy(false);
    }
  };

  const list = <K extends 'familyMembers' | 'livestock' | 'assets' | 'liabilities'>(key: K, make: () => ArchiveDraft[K][number], render: (i: number) => React.ReactNode) => (
    <div className="list-section">
      {(draft[key] as unknown[]).map((_item, i) => (
        <div className="list-item" key={i} data-testid={`${key}-${i}`}>
          <div className="list-item-head">
            <span>
              {label(key)} {i + 1}
            </span>
            <Button size="small" fill="none" color="danger" onClick={() => change((d) => ({ [key]: (d[key] as unknown[]).filter((_x, j) => j !== i) }))}>
              {t('remove')}
            </Button>
          </div>
          <div className="grid">{render(i)}</div>
        </div>
      ))}
      <Button fill="outline" onClick={() => change((d) => ({ [key]: [...(d[key] as unknown[]), make()] }))} data-testid={`add-${key}`} id={`f-${key}`}>
        + {t('add')}
        {label(key)}
      </Button>
    </div>
  );

  const status = archive?.status ?? 'LOCAL';
  const editable = status !== 'SUBMITTED' && status !== 'ARCHIVED';
  const violations = archive?.violations ?? [];
  const failed = entries.find((e) => e.state === 'failed' && e.op !== 'uploadPhoto');
  const refusedSave = entries.find((e) => e.state === 'rejected' && e.op === 'saveArchive');
  const submitOnly = archive?.draft === null && !!archive?.serverVersion && !editing.dirty;
  const duplicateWarning = duplicates.length
    ? duplicates.some((d) => d.exact)
      ? t('duplicateIdExact', { names: duplicates.filter((d) => d.exact).map((d) => d.name || t('noName')).join('、') })
      : t('duplicateIdMasked', { names: duplicates.map((d) => d.name || t('noName')).join('、') })
    : undefined;
  const discardLocal = async () => {
    if (!(await Dialog.confirm({ content: archive?.serverVersion ? t('discardEdits', { name: draft.name || t('noName') }) : t('discardNewArchive', { name: draft.name || t('noName'), photos: '' }), confirmText: t('discard') }))) return;
    await editor.discard();
    setTouched(new Set());
    Toast.show({ content: t('discarded') });
    if (!archive?.serverVersion) navigate('/', { replace: true });
  };

  return (
    <div className="archive-page" data-testid="archive-page" data-revision={editing.revision} data-stored={editing.stored} data-saved={editing.saved} data-dirty={editing.dirty}>
      <nav className="section-nav" aria-label="sections">
        <Button fill="none" onClick={() => navigate('/')} className="back">
          ‹ {t('back')}
        </Button>
        {SECTIONS.filter((s) => (s !== 'applications' || !!archive?.serverVersion) && (s !== 'contacts' || !!archive)).map((s) => (
          <a key={s} href={`#section-${s}`} onClick={(e) => { e.preventDefault(); document.getElementById(`section-${s}`)?.scrollIntoView({ behavior: 'smooth' }); }}>
            {t(SECTION_KEYS[s])}
          </a>
        ))}
      </nav>
      <div className="form" onBlur={leave}>
        <div className="form-title">
          <h2 data-testid="form-title">{draft.name || t('newArchive')}</h2>
          <Tag className={`status status-${status}`} data-testid="form-status">
            {enumLabel('status', status)}
          </Tag>
          {archive?.serverVersion ? <span className="muted" data-testid="form-version">{t('version', { v: archive.serverVersion })}</span> : <span className="muted">{t('localOnly')}</span>}
          {archive && <BlacklistedTag a={archive} />}
          {editing.dirty && <span className="muted unsaved" data-testid="unsaved-edits">{t('unsavedEdits')}</span>}
        </div>
        {archive && <BusinessLine a={archive} />}
        {archive?.serverVersion ? <RatingBlock a={archive} /> : null}
        {failed && (
          <NoticeBar color="error" wrap data-testid="sync-failed" content={t('syncFailed', { error: failureText(failed.lastError, locale), n: failed.failures ?? failed.attempts })} extra={<QueueActions entry={failed} />} />
        )}
        {archive?.conflict && (
          <NoticeBar
            color="error"
            wrap
            content={t('conflictBanner', { v: archive.conflict.serverVersion })}
            extra={<Button size="small" color="danger" onClick={() => navigate(`/archives/${id}/conflict`)} data-testid="open-conflict">{t('openConflict')}</Button>}
          />
        )}
        {archive && archive.serverErrors.length > 0 && (
          <NoticeBar
            color="error"
            wrap
            content={t('serverErrors')}
            data-testid="server-errors"
            extra={
              refusedSave && (
                <Button size="small" color="danger" fill="outline" onClick={() => void discardLocal()} data-testid="discard-local">
                  {t('discardLocal')}
                </Button>
              )
            }
          />
        )}
        {status === 'RETURNED' && (
          <NoticeBar color="alert" wrap content={`${t('returnedHint')}：${archive?.returnReasons.join('；')}`} />
        )}

        {archive?.serverVersion ? <ApplicationsSection archive={archive} name={draft.name || archive.name} /> : null}
        {archive ? <ContactsSection archive={archive} name={draft.name || archive.name} /> : null}

        <Section id="identity" title={t('sectionIdentity')}>
          <div className="grid">
            <TextField b={b} path={['name']} required />
            <TextField
              b={b}
              path={['idNumber']}
              required
              warning={duplicateWarning}
              hint={id18.ok ? `${t('gender')}：${enumLabel('gender', id18.value.gender)} · ${t('birthDate')}：${id18.value.birthDate}（${t('derivedFromId')}）` : undefined}
            />
            <Field label={label('idExpiry')} error={b.error(['idExpiry'])} fieldKey="idExpiry" htmlFor="f-idExpiry">
              <div className="inline">
                <input type="date" className="native-input" id="f-idExpiry" value={draft.idExpiry} disabled={draft.idLongTerm} onChange={(e) => set(['idExpiry'], e.target.value)} />
                <Checkbox checked={draft.idLongTerm} onChange={(v) => change((d) => ({ idLongTerm: v, idExpiry: v ? '' : d.idExpiry }))} data-testid="id-long-term">
                  {label('idLongTerm')}
                </Checkbox>
              </div>
            </Field>
            <Field label={label('ethnicity')} error={b.error(['ethnicity'])} fieldKey="ethnicity">
              <Picker columns={[ETHNICITIES.map((e) => ({ label: e, value: e }))]} value={[draft.ethnicity || '汉族']} onConfirm={(v) => set(['ethnicity'], v[0] ?? '')}>
                {(_items, actions) => (
                  <button type="button" className="region-button" id="f-ethnicity" onClick={actions.open}>
                    {draft.ethnicity || <span className="placeholder">{t('choose')}</span>}
                  </button>
                )}
              </Picker>
            </Field>
            <ChoiceField b={b} path={['education']} group="education" wide />
            <ChoiceField b={b} path={['maritalStatus']} group="maritalStatus" />
            <ChoiceField b={b} path={['health']} group="health" />
          </div>
        </Section>

        <Section id="contact" title={t('sectionContact')}>
          <div className="grid">
            <TextField b={b} path={['mobile']} inputMode="tel" />
            <TextField b={b} path={['altPhone']} inputMode="tel" />
            <Field label={`${label('address.regionCode')} / ${label('address.townshipCode')} / ${label('address.villageCode')}`} error={b.error(['address', 'regionCode']) ?? b.error(['address', 'townshipCode']) ?? b.error(['address', 'villageCode'])} wide fieldKey="address.regionCode">
              <RegionPicker value={draft.address} onChange={(v) => change((d) => ({ address: { ...d.address, ...v } }))} />
            </Field>
            <TextField b={b} path={['address', 'line']} wide />
          </div>
        </Section>

        <Section id="household" title={t('sectionHousehold')}>
          <div className="grid">
            <TextField b={b} path={['household', 'size']} inputMode="numeric" />
            <TextField b={b} path={['household', 'registerNo']} />
            <SwitchField b={b} path={['household', 'isHead']} />
          </div>
        </Section>

        <Section id="family" title={t('sectionFamily')}>
          {list('familyMembers', emptyFamilyMember, (i) => (
            <>
              <ChoiceField b={b} path={['familyMembers', i, 'relation']} group="relation" wide allowNone={false} />
              <TextField b={b} path={['familyMembers', i, 'name']} />
              <TextField b={memberBinder(i)} path={['familyMembers', i, 'idNumber']} />
              <TextField b={b} path={['familyMembers', i, 'occupation']} />
              <TextField b={b} path={['familyMembers', i, 'annualIncome']} inputMode="decimal" />
              <ChoiceField b={b} path={['familyMembers', i, 'labourCapacity']} group="labour" allowNone={false} hint={labourHint(i)} />
            </>
          ))}
        </Section>

        <Section id="land" title={t('sectionLand')}>
          <div className="grid">
            <TextField b={b} path={['land', 'contractedMu']} inputMode="decimal" />
            <TextField b={b} path={['land', 'rentedMu']} inputMode="decimal" />
            <TextField b={b} path={['land', 'crops']} wide placeholder="水稻、茶叶" />
          </div>
          {list('livestock', emptyLivestock, (i) => (
            <>
              <ChoiceField b={b} path={['livestock', i, 'kind']} group="livestock" wide allowNone={false} />
              <TextField b={b} path={['livestock', i, 'count']} inputMode="numeric" />
              <TextField b={b} path={['livestock', i, 'value']} inputMode="decimal" />
            </>
          ))}
        </Section>

        <Section id="assets" title={t('sectionAssets')}>
          {list('assets', emptyAsset, (i) => (
            <>
              <ChoiceField b={b} path={['assets', i, 'kind']} group="asset" wide allowNone={false} />
              <TextField b={b} path={['assets', i, 'description']} />
              <TextField b={b} path={['assets', i, 'value']} inputMode="decimal" />
            </>
          ))}
        </Section>

        <Section id="income" title={t('sectionIncome')}>
          <div className="grid">
            <TextField b={b} path={['income', 'farming']} inputMode="decimal" />
            <TextField b={b} path={['income', 'business']} inputMode="decimal" />
            <TextField b={b} path={['income', 'wages']} inputMode="decimal" />
            <TextField b={b} path={['income', 'other']} inputMode="decimal" />
          </div>
        </Section>

        <Section id="liabilities" title={t('sectionLiabilities')}>
          {list('liabilities', emptyLiability, (i) => (
            <>
              <TextField b={b} path={['liabilities', i, 'lender']} />
              <TextField b={b} path={['liabilities', i, 'amount']} inputMode="decimal" />
              <SwitchField b={b} path={['liabilities', i, 'overdue']} />
              <TextField b={b} path={['liabilities', i, 'overdueAmount']} inputMode="decimal" />
            </>
          ))}
        </Section>

        <Section
          id="business"
          title={t('sectionBusiness')}
          extra={
            <label className="inline" id="f-business">
              {t('hasBusiness')}
              <Switch checked={!!draft.business} onChange={(v) => set(['business'], v ? emptyBusiness() : null)} data-testid="has-business" />
            </label>
          }
        >
          {draft.business && (
            <div className="grid">
              <TextField b={b} path={['business', 'name']} />
              <TextField b={b} path={['business', 'industry']} />
              <TextField b={b} path={['business', 'creditCode']} />
              <TextField b={b} path={['business', 'licenceNo']} />
              <TextField b={b} path={['business', 'annualTurnover']} inputMode="decimal" />
              <TextField b={b} path={['business', 'employees']} inputMode="numeric" />
            </div>
          )}
        </Section>

        <Section id="social" title={t('sectionSocial')}>
          <div className="grid">
            <ChoiceField b={b} path={['social', 'villageCreditRating']} group="rating" wide />
            <TextField b={b} path={['social', 'remarks']} multiline wide />
          </div>
        </Section>

        <Section id="extra" title={t('sectionExtra')}>
          <div className="grid">
            {specs.map((spec) => {
              const path: Path = ['extraFields', spec.code];
              const name = locale === 'zh' ? spec.labelZh : spec.labelEn;
              const value = draft.extraFields[spec.code] ?? '';
              if (spec.kind === 'BOOLEAN' || spec.kind === 'CHOICE') {
                const options = spec.kind === 'BOOLEAN' ? ['true', 'false'] : spec.choices ?? [];
                return (
                  <Field key={spec.code} label={name} error={b.error(path)} required={spec.required} fieldKey={`extraFields.${spec.code}`}>
                    <div id={`f-extraFields-${spec.code}`} className="chips">
                      {options.map((o) => (
                        <button type="button" key={o} className={`chip${value === o ? ' active' : ''}`} onClick={() => set(path, value === o ? '' : o)}>
                          {spec.kind === 'BOOLEAN' ? enumLabel('extraBool', o) : o}
                        </button>
                      ))}
                    </div>
                  </Field>
                );
              }
              if (spec.kind === 'DATE')
                return (
                  <Field key={spec.code} label={name} error={b.error(path)} required={spec.required} fieldKey={`extraFields.${spec.code}`} htmlFor={`f-extraFields-${spec.code}`}>
                    <input type="date" className="native-input" id={`f-extraFields-${spec.code}`} value={value} onChange={(e) => set(path, e.target.value)} />
                  </Field>
                );
              return (
                <Field key={spec.code} label={name} error={b.error(path)} required={spec.required} fieldKey={`extraFields.${spec.code}`} htmlFor={`f-extraFields-${spec.code}`}>
                  <Input id={`f-extraFields-${spec.code}`} value={value} onChange={(v) => set(path, v)} inputMode={spec.kind === 'NUMBER' ? 'decimal' : 'text'} clearable />
                </Field>
              );
            })}
          </div>
        </Section>

        <Section id="consent" title={t('sectionConsent')}>
          <Field label={label('consent')} error={b.error(['consent'])} wide fieldKey="consent">
            <Checkbox
              id="f-consent"
              checked={!!draft.consent}
              data-testid="consent"
              onChange={(v) => set(['consent'], v ? { wordingVersion: CONSENT_WORDING_VERSION, consentedAt: new Date().toISOString(), channel: 'PAD', formImageRef: null } : null)}
            >
              {t('consentGiven')}（{CONSENT_WORDING_VERSION}）
            </Checkbox>
            {draft.consent && <div className="field-hint">{t('consentAt')}：{new Date(draft.consent.consentedAt).toLocaleString()}</div>}
            {draft.consent && (
              <Checkbox
                checked={!!draft.consent.shareWithFederation}
                data-testid="consent-share"
                onChange={(v) => set(['consent', 'shareWithFederation'], v)}
              >
                {t('consentShare')}
              </Checkbox>
            )}
          </Field>
        </Section>

        <Section id="photos" title={t('sectionPhotos')}>
          {/* Photos from the first moment of a new archive, saved or not: the first one makes its
              row, and the queue sends it once the archive is on the server. The server refuses
              photos of an archived archive. */}
          <PhotoSection archiveId={id} required={required} serverImages={archive?.images ?? []} disabled={status === 'ARCHIVED'} />
        </Section>

        <Section id="rules" title={t('sectionRules')} extra={archive?.completeness !== null && archive?.completeness !== undefined ? <span className="completeness">{t('completeness')} {archive.completeness}%</span> : undefined}>
          {!archive?.serverVersion ? (
            <div className="muted">{t('afterSync')}</div>
          ) : violations.length === 0 ? (
            <div className="ok-text">{t('noViolations')}</div>
          ) : (
            <ul className="violations" data-testid="violations">
              {violations.map((v) => {
                const target = targets[v.code] ? formTarget(targets[v.code]) : null;
                const text = (
                  <>
                    <Tag color={v.severity === 'ERROR' ? 'danger' : 'warning'}>{v.severity === 'ERROR' ? '✗' : '!'}</Tag>
                    <span>{locale === 'zh' ? v.message : v.messageEn || v.message}</span>
                  </>
                );
                // A rule not met leads to its field (ODK's "go to prompt"); the rule's code is for the PC's rule screens, not here.
                return (
                  <li key={v.code} className={`violation ${v.severity}`} data-code={v.code}>
                    {target ? (
                      <button type="button" className="violation-link" onClick={() => goToRule(v.code)} data-testid="violation-link">
                        {text}
                        <span className="violation-go">{t('goToField')} ›</span>
                      </button>
                    ) : (
                      text
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </Section>
        <div className="bottom-spacer" />
      </div>
      <div className="action-bar">
        <Button size="large" onClick={() => navigate('/')}>
          {t('back')}
        </Button>
        {editable && (
          <Button size="large" color="primary" loading={busy} onClick={() => void save(false)} data-testid="save-archive">
            {t('save')}
          </Button>
        )}
        {editable && (
          <Button size="large" color="success" loading={busy} onClick={() => void (submitOnly ? submitArchive(id).then(() => Toast.show(t('submitted'))) : save(true))} data-testid="submit-archive">
            {submitOnly ? t('submit') : t('saveAndSubmit')}
          </Button>
        )}
      </div>
    </div>
  );
}
