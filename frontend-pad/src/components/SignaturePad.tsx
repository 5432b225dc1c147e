// The customer's signature (the SIGNATURE image kind), drawn with a finger or stylus on the
// tablet instead of photographed on paper. The drawing is signature_pad's (pointer events, strokes
// smoothed into Bézier curves whose width follows the pen's speed, as ink does); this component
// sizes its canvas to the screen's pixel density, keeps the strokes when the tablet is turned, and
// hands over a PNG on white paper, which is then queued like a photo (src/lib/pad.ts capturePhoto).
import { useEffect, useRef, useState } from 'react';
import { Button, Popup, Toast } from 'antd-mobile';
import SignaturePadLib from 'signature_pad';
import { useI18n } from '../i18n';

export function SignaturePad({ visible, onClose, onConfirm }: { visible: boolean; onClose: () => void; onConfirm: (png: Blob) => void | Promise<void> }) {
  // The sheet slides up; `shown` once it stands still (a stroke started during the slide would
  // land where the canvas no longer is).
  const [shown, setShown] = useState(false);
  return (
    <Popup visible={visible} onMaskClick={onClose} destroyOnClose position="bottom" bodyClassName="signature-sheet" afterShow={() => setShown(true)} afterClose={() => setShown(false)}>
      {visible && <SignatureCanvas onCancel={onClose} onConfirm={onConfirm} shown={shown} />}
    </Popup>
  );
}

function SignatureCanvas({ onCancel, onConfirm, shown }: { onCancel: () => void; onConfirm: (png: Blob) => void | Promise<void>; shown: boolean }) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const pad = new SignaturePadLib(canvas, { backgroundColor: 'rgb(255, 255, 255)', penColor: 'rgb(0, 0, 0)', minWidth: 1, maxWidth: 3.5 });
    padRef.current = pad;
    // The canvas has as many pixels as the screen shows (sharp on a high-density tablet); a
    // resize clears a canvas, so the strokes are drawn again at the new size.
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const strokes = pad.toData();
      canvas.width = Math.round(canvas.offsetWidth * ratio);
      canvas.height = Math.round(canvas.offsetHeight * ratio);
      canvas.getContext('2d')!.scale(ratio, ratio);
      pad.clear();
      pad.fromData(strokes);
    };
    fit();
    const onStroke = () => setEmpty(pad.isEmpty());
    pad.addEventListener('endStroke', onStroke);
    window.addEventListener('resize', fit);
    return () => {
      window.removeEventListener('resize', fit);
      pad.removeEventListener('endStroke', onStroke);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const clear = () => {
    padRef.current?.clear();
    setEmpty(true);
  };

  const confirm = async () => {
    const pad = padRef.current;
    if (!pad || pad.isEmpty()) {
      Toast.show({ content: t('signatureEmpty') });
      return;
    }
    setBusy(true);
    try {
      const png = await new Promise<Blob>((resolve, reject) => canvasRef.current!.toBlob((b) => (b ? resolve(b) : reject(new Error('the signature could not be encoded'))), 'image/png'));
      await onConfirm(png);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signature-pad" data-testid="signature-pad" data-shown={shown}>
      <div className="signature-title">{t('signatureTitle')}</div>
      <div className="signature-frame">
        <canvas ref={canvasRef} className="signature-canvas" data-testid="signature-canvas" data-empty={empty} aria-label={t('signatureTitle')} />
      </div>
      <div className="signature-actions">
        <Button size="large" onClick={onCancel}>
          {t('cancel')}
        </Button>
        <Button size="large" onClick={clear} disabled={empty} data-testid="signature-clear">
          {t('signatureClear')}
        </Button>
        <Button size="large" color="primary" onClick={() => void confirm()} loading={busy} disabled={empty} data-testid="signature-confirm">
          {t('signatureConfirm')}
        </Button>
      </div>
    </div>
  );
}
