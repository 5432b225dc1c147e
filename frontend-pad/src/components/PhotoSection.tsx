// Photos of an archive: the required kinds first (from the integrity rules), each with camera
// (file input with capture) and gallery buttons. A photo is kept in IndexedDB with its capture
// time and position until the server has it and the watermarked thumbnail has come back.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, Selector, Tag } from 'antd-mobile';
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImageFieldsFragment, ImageKind } from '../gql/graphql';
import { useI18n } from '../i18n';
import { db, type LocalPhoto } from '../lib/db';
import { archiveStore, capturePhoto } from '../lib/pad';

const ALL_KINDS: ImageKind[] = ['ID_FRONT', 'ID_BACK', 'VISIT_PHOTO', 'HOUSEHOLD_REGISTER', 'HOUSE', 'LAND', 'LIVESTOCK', 'BUSINESS', 'CONSENT_FORM', 'SIGNATURE', 'OTHER'];

function useObjectUrl(blob: Blob | null): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return url;
}

function PhotoThumb({ photo }: { photo: LocalPhoto }) {
  const { t, enumLabel } = useI18n();
  const url = useObjectUrl(photo.thumb ?? photo.blob);
  const remove = async () => {
    if (await Dialog.confirm({ content: t('discardPhoto') })) await archiveStore.discardPhoto(photo.id);
  };
  return (
    <figure className={`photo state-${photo.state}`} data-testid="photo" data-state={photo.state} data-kind={photo.kind}>
      {url && <img src={url} alt={enumLabel('image', photo.kind)} data-watermarked={photo.state === 'ready'} />}
      <figcaption>
        <Tag className={`photo-state state-${photo.state}`}>{enumLabel('photoState', photo.state)}</Tag>
        <span className="photo-meta">
          {new Date(photo.takenAt).toLocaleTimeString()} · {photo.latitude !== null ? `${photo.latitude.toFixed(4)}, ${photo.longitude!.toFixed(4)}` : t('photoNoLocation')}
        </span>
        {photo.error && <span className="photo-error">{photo.error}</span>}
        {(photo.state === 'queued' || photo.state === 'rejected' || photo.state === 'failed') && (
          <Button size="mini" fill="none" color="danger" onClick={() => void remove()}>
            {t('photoRetake')}
          </Button>
        )}
      </figcaption>
    </figure>
  );
}

function ServerThumb({ image }: { image: ImageFieldsFragment }) {
  const { enumLabel } = useI18n();
  return (
    <figure className="photo state-ready" data-testid="server-photo" data-kind={image.kind}>
      {image.thumbnailUrl && navigator.onLine ? <img src={image.thumbnailUrl} alt={enumLabel('image', image.kind)} /> : <div className="photo-placeholder">{enumLabel('image', image.kind)}</div>}
      <figcaption>
        <Tag className="photo-state state-ready">{enumLabel('photoState', image.status === 'READY' ? 'ready' : 'uploaded')}</Tag>
        <span className="photo-meta">{new Date(image.takenAt).toLocaleString()}</span>
      </figcaption>
    </figure>
  );
}

function CaptureButtons({ archiveId, kind, disabled }: { archiveId: string; kind: ImageKind; disabled?: boolean }) {
  const { t } = useI18n();
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  const onFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) await capturePhoto(archiveId, kind, file);
  };
  return (
    <div className="capture">
      <input ref={camera} type="file" accept="image/*" capture="environment" hidden data-testid={`camera-input-${kind}`} onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
      <input ref={gallery} type="file" accept="image/*" hidden data-testid={`gallery-input-${kind}`} onChange={(e) => { void onFiles(e.target.files); e.target.value = ''; }} />
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
  const [otherKind, setOtherKind] = useState<ImageKind>('HOUSE');
  const localServerIds = new Set(photos.map((p) => p.serverId).filter(Boolean));
  const remote = serverImages.filter((i) => !localServerIds.has(i.id));
  const has = (kind: ImageKind) => photos.some((p) => p.kind === kind && p.state !== 'rejected' && p.state !== 'failed') || remote.some((i) => i.kind === kind && i.status !== 'FAILED');
  const tile = (kind: ImageKind, isRequired: boolean) => (
    <div key={kind} className={`photo-kind${isRequired && !has(kind) ? ' missing' : ''}`} data-testid={`photo-kind-${kind}`} data-done={has(kind)}>
      <div className="photo-kind-head">
        <span className="photo-kind-name">
          {has(kind) ? '✓ ' : isRequired ? '○ ' : ''}
          {enumLabel('image', kind)}
        </span>
        <CaptureButtons archiveId={archiveId} kind={kind} disabled={disabled} />
      </div>
      <div className="photo-row">
        {photos.filter((p) => p.kind === kind).map((p) => <PhotoThumb key={p.id} photo={p} />)}
        {remote.filter((i) => i.kind === kind).map((i) => <ServerThumb key={i.id} image={i} />)}
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
        <CaptureButtons archiveId={archiveId} kind={otherKind} disabled={disabled} />
      </div>
    </div>
  );
}
