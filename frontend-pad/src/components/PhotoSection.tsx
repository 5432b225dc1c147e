// Photos of an archive: the required kinds first (from the integrity rules), each with camera
// (file input with capture) and gallery buttons, and for the signature kind a signature pad. A
// photo can be taken from the first moment of a new archive, before any save: it is made smaller
// on the tablet (src/lib/downscale.ts), kept in IndexedDB with its capture time and position, and
// uploaded once the archive is on the server (src/lib/sync.ts). A tap on a thumbnail shows the
// photo full size; until the upload, a photo can be retaken (the new one replaces it and its
// queued upload) or deleted.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, ImageViewer, Selector, Tag, Toast } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImageFieldsFragment, ImageKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useOnline } from '../hooks';
import { db, type LocalPhoto, type QueueEntry } from '../lib/db';
import { archiveStore, capturePhoto } from '../lib/pad';
import { fullSizeUrl } from '../lib/photoView';
import { CHANGEABLE_PHOTO_STATES, PhotoUploadingError } from '../lib/store';
import { SignaturePad } from './SignaturePad';
import './photos.css';

const ALL_KINDS: ImageKind[] = ['ID_FRONT', 'ID_BACK', 'VISIT_PHOTO', 'HOUSEHOLD_REGISTER', 'HOUSE', 'LAND', 'LIVESTOCK', 'BUSINESS', 'CONSENT_FORM', 'SIGNATURE', 'OTHER'];

function useObjectUrl(blob: Blob | null): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return url;
}

/** What the full-size viewer shows: an object URL it made (revoked on close) or a server link. */
interface Viewing {
  url: string;
  owned: boolean;
  kind: ImageKind;
  note: string | null;
}

/** The section's actions, handed to every tile and thumbnail. */
interface Actions {
  capture(kind: ImageKind, file: Blob & { name?: string }, replaces?: string | null): Promise<void>;
  sign(replaces?: string | null): void;
  view(target: { photo?: LocalPhoto; image?: ImageFieldsFragment }): Promise<void>;
}

function PhotoThumb({ photo, sending, actions, disabled }: { photo: LocalPhoto; sending: boolean; actions: Actions; disabled?: boolean }) {
  const { t, enumLabel } = useI18n();
  const url = useObjectUrl(photo.thumb ?? photo.blob);
  const camera = useRef<HTMLInputElement>(null);
  const kind = enumLabel('image', photo.kind);
  const changeable = CHANGEABLE_PHOTO_STATES.includes(photo.state) && !disabled;
  const remove = async () => {
    if (!(await Dialog.confirm({ content: t('discardPhoto'), confirmText: t('photoDelete'), cancelText: t('cancel') }))) return;
    try {
      await archiveStore.discardPhoto(photo.id);
    } catch (error) {
      Toast.show({ icon: 'fail', content: error instanceof PhotoUploadingError ? t('photoUploading') : t('photoUnreadable') });
    }
  };
  const retake = () => (photo.kind === 'SIGNATURE' ? actions.sign(photo.id) : camera.current?.click());
  return (
    <figure className={`photo state-${photo.state}`} data-testid="photo" data-state={photo.state} data-kind={photo.kind} data-photo-id={photo.id}>
      <button type="button" className="photo-open" aria-label={t('photoView', { kind })} data-testid="photo-open" onClick={() => void actions.view({ photo })}>
        {url ? <img src={url} alt={kind} data-watermarked={photo.state === 'ready'} /> : <span className="photo-placeholder">{kind}</span>}
      </button>
      <figcaption>
        <Tag className={`photo-state state-${photo.state}`}>{enumLabel('photoState', photo.state)}</Tag>
        <span className="photo-meta">
          {new Date(photo.takenAt).toLocaleTimeString()} · {photo.latitude !== null ? `${photo.latitude.toFixed(4)}, ${photo.longitude!.toFixed(4)}` : t('photoNoLocation')}
        </span>
        {photo.error && <span className="photo-error">{photo.error}</span>}
        {changeable && (
          <span className="photo-actions">
            <input
              ref={camera}
              type="file"
              accept="image/*"
              capture="environment"
              hidden
              data-testid="retake-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void actions.capture(photo.kind, file, photo.id);
              }}
            />
            <Button size="mini" fill="outline" disabled={sending} onClick={retake} data-testid="photo-retake">
              {t('photoRetake')}
            </Button>
            <Button size="mini" fill="none" color="danger" disabled={sending} onClick={() => void remove()} data-testid="photo-delete">
              {t('photoDelete')}
            </Button>
          </span>
        )}
      </figcaption>
    </figure>
  );
}

function ServerThumb({ image, actions }: { image: ImageFieldsFragment; actions: Actions }) {
  const { t, enumLabel } = useI18n();
  const online = useOnline();
  const kind = enumLabel('image', image.kind);
  const shown = image.thumbnailUrl && online;
  return (
    <figure className="photo state-ready" data-testid="server-photo" data-kind={image.kind}>
      {shown ? (
        <button type="button" className="photo-open" aria-label={t('photoView', { kind })} onClick={() => void actions.view({ image })}>
          <img src={image.thumbnailUrl!} alt={kind} />
        </button>
      ) : (
        <div className="photo-placeholder">{kind}</div>
      )}
      <figcaption>
        <Tag className="photo-state state-ready">{enumLabel('photoState', image.status === 'READY' ? 'ready' : 'uploaded')}</Tag>
        <span className="photo-meta">{new Date(image.takenAt).toLocaleString()}</span>
      </figcaption>
    </figure>
  );
}

function CaptureButtons({ kind, actions, disabled }: { kind: ImageKind; actions: Actions; disabled?: boolean }) {
  const { t } = useI18n();
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  const onFiles = async (files: File[]) => {
    for (const file of files) await actions.capture(kind, file);
  };
  const picked = (e: React.ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    void onFiles(files);
  };
  return (
    <div className="capture">
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden data-testid={`camera-input-${kind}`} onChange={picked} />
      <input ref={gallery} type="file" accept="image/*" hidden data-testid={`gallery-input-${kind}`} onChange={picked} />
      {kind === 'SIGNATURE' && (
        <Button color="primary" disabled={disabled} onClick={() => actions.sign()} data-testid="sign-SIGNATURE">
          {t('sign')}
        </Button>
      )}
      <Button color="primary" fill="outline" disabled={disabled} onClick={() => camera.current?.click()} data-testid={`take-photo-${kind}`}>
        {t('takePhoto')}
      </Button>
      <Button fill="outline" disabled={disabled} onClick={() => gallery.current?.click()}>
        {t('fromGallery')}
      </Button>
    </div>
  );
}

export function PhotoSection({ archiveId, required, serverImages, disabled }: { archiveId: string; required: ImageKind[]; serverImages: ImageFieldsFragment[]; disabled?: boolean }) {
  const { t, enumLabel } = useI18n();
  const photos = useLiveQuery(() => db.photos.where('archiveId').equals(archiveId).sortBy('createdAt'), [archiveId], [] as LocalPhoto[]);
  const entries = useLiveQuery(() => db.queue.where('archiveId').equals(archiveId).toArray(), [archiveId], [] as QueueEntry[]);
  const [otherKind, setOtherKind] = useState<ImageKind>('HOUSE');
  const [signing, setSigning] = useState<{ replaces: string | null } | null>(null);
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const sending = new Set(entries.filter((e) => e.op === 'uploadPhoto' && e.state === 'running').map((e) => e.photoId));
  const localServerIds = new Set(photos.map((p) => p.serverId).filter(Boolean));
  const remote = serverImages.filter((i) => !localServerIds.has(i.id));
  const has = (kind: ImageKind) => photos.some((p) => p.kind === kind && p.state !== 'rejected' && p.state !== 'failed') || remote.some((i) => i.kind === kind && i.status !== 'FAILED');

  const closeViewer = () =>
    setViewing((current) => {
      if (current?.owned) URL.revokeObjectURL(current.url);
      return null;
    });
  useEffect(() => closeViewer, []);

  const actions: Actions = {
    capture: async (kind, file, replaces = null) => {
      try {
        await capturePhoto(archiveId, kind, file, replaces);
      } catch (error) {
        console.error('photo not kept', error);
        Toast.show({ icon: 'fail', content: error instanceof PhotoUploadingError ? t('photoUploading') : t('photoUnreadable') });
      }
    },
    sign: (replaces = null) => setSigning({ replaces }),
    view: async ({ photo, image }) => {
      const kind = (photo?.kind ?? image?.kind)!;
      // The tablet's own copy while it has one (the photo as it is sent); once the server has
      // the watermarked version, its full size (a signed link, asked for now: it expires).
      if (photo?.blob) return setViewing({ url: URL.createObjectURL(photo.blob), owned: true, kind, note: null });
      const serverId = photo?.serverId ?? image?.id;
      const url = serverId ? await fullSizeUrl(serverId) : null;
      if (url) return setViewing({ url, owned: false, kind, note: null });
      if (photo?.thumb) return setViewing({ url: URL.createObjectURL(photo.thumb), owned: true, kind, note: t('photoThumbOnly') });
      if (image?.thumbnailUrl) return setViewing({ url: image.thumbnailUrl, owned: false, kind, note: null });
    },
  };

  const tile = (kind: ImageKind, isRequired: boolean) => (
    <div key={kind} className={`photo-kind${isRequired && !has(kind) ? ' missing' : ''}`} data-testid={`photo-kind-${kind}`} data-done={has(kind)}>
      <div className="photo-kind-head">
        <span className="photo-kind-name">
          {has(kind) ? '✓ ' : isRequired ? '○ ' : ''}
          {enumLabel('image', kind)}
        </span>
        <CaptureButtons kind={kind} actions={actions} disabled={disabled} />
      </div>
      <div className="photo-row">
        {photos.filter((p) => p.kind === kind).map((p) => <PhotoThumb key={p.id} photo={p} sending={sending.has(p.id)} actions={actions} disabled={disabled} />)}
        {remote.filter((i) => i.kind === kind).map((i) => <ServerThumb key={i.id} image={i} actions={actions} />)}
      </div>
    </div>
  );
  const otherKinds = [...new Set([...photos.map((p) => p.kind), ...remote.map((i) => i.kind)])].filter((k) => !required.includes(k));
  return (
    <div className="photos">
      <h4>{t('requiredPhotos')}</h4>
      <div className="checklist" data-testid="required-photos">
        {required.map((k) => (
          <Tag key={k} color={has(k) ? 'success' : 'danger'} className="check-tag" data-done={has(k)}>
            {has(k) ? '✓' : '✗'} {enumLabel('image', k)}
          </Tag>
        ))}
      </div>
      {required.map((k) => tile(k, true))}
      <h4>{t('otherPhotos')}</h4>
      {otherKinds.map((k) => tile(k, false))}
      <div className="photo-kind">
        <Selector columns={4} options={ALL_KINDS.filter((k) => !required.includes(k)).map((k) => ({ label: enumLabel('image', k), value: k }))} value={[otherKind]} onChange={(v) => v.length && setOtherKind(v[0])} />
        <CaptureButtons kind={otherKind} actions={actions} disabled={disabled} />
      </div>
      <SignaturePad
        visible={!!signing}
        onClose={() => setSigning(null)}
        onConfirm={async (png) => {
          await actions.capture('SIGNATURE', new File([png], 'signature.png', { type: 'image/png' }), signing?.replaces ?? null);
          setSigning(null);
        }}
      />
      <ImageViewer
        image={viewing?.url ?? ''}
        visible={!!viewing}
        onClose={closeViewer}
        classNames={{ body: 'photo-viewer' }}
        renderFooter={() =>
          viewing && (
            <div className="photo-viewer-footer" data-testid="photo-viewer" data-kind={viewing.kind}>
              <span>{enumLabel('image', viewing.kind)}{viewing.note ? ` · ${viewing.note}` : ''}</span>
              <Button size="small" onClick={closeViewer} data-testid="photo-viewer-close">
                {t('photoClose')}
              </Button>
            </div>
          )
        }
      />
    </div>
  );
}
