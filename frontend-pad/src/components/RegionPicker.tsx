// The cascading region picker: province > city > county (GB/T 2260), then the bank's townships
// and villages, one level at a time through `regions(parentCode)`, cached for offline use.
import { useEffect, useState } from 'react';
import { Button, Popup } from 'antd-mobile';
import { useI18n } from '../i18n';
import { regionNames, regionsOf, type Region } from '../lib/pad';

export interface RegionValue {
  regionCode: string;
  townshipCode: string;
  villageCode: string;
}

export function chainOf(v: RegionValue): string[] {
  if (!v.regionCode) return [];
  const c = v.regionCode;
  const chain = [`${c.slice(0, 2)}0000`, `${c.slice(0, 4)}00`, c].filter((x, i, all) => all.indexOf(x) === i);
  if (v.townshipCode) chain.push(v.townshipCode);
  if (v.villageCode) chain.push(v.villageCode);
  return chain;
}

export function useRegionLabel(v: RegionValue): string {
  const [label, setLabel] = useState('');
  useEffect(() => {
    let live = true;
    void regionNames().then((names) => {
      if (live) setLabel(chainOf(v).map((code) => names.get(code) ?? code).join(' / '));
    });
    return () => {
      live = false;
    };
  }, [v.regionCode, v.townshipCode, v.villageCode]);
  return label;
}

export function RegionPicker({ value, onChange, error }: { value: RegionValue; onChange: (v: RegionValue) => void; error?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [trail, setTrail] = useState<Region[]>([]);
  const [options, setOptions] = useState<Region[] | undefined>([]);
  const label = useRegionLabel(value);
  const parent = trail.length ? trail[trail.length - 1].code : null;

  useEffect(() => {
    if (!open) return;
    let live = true;
    setOptions([]);
    void regionsOf(parent).then((list) => live && setOptions(list));
    return () => {
      live = false;
    };
  }, [open, parent]);

  const pick = (r: Region) => {
    const next = [...trail, r];
    if (r.level === 'COUNTY') onChange({ regionCode: r.code, townshipCode: '', villageCode: '' });
    if (r.level === 'TOWNSHIP') onChange({ ...value, townshipCode: r.code, villageCode: '' });
    if (r.level === 'VILLAGE') {
      onChange({ ...value, villageCode: r.code });
      setOpen(false);
      return;
    }
    if (r.hasChildren) setTrail(next);
    else setOpen(false);
  };

  return (
    <>
      <button type="button" className={`region-button${error ? ' has-error' : ''}`} id="f-address-region" onClick={() => { setTrail([]); setOpen(true); }}>
        {label || <span className="placeholder">{t('pickRegion')}</span>}
      </button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} position="right" bodyClassName="region-popup">
        <div className="region-head">
          <div className="region-trail">
            <Button size="small" fill="none" onClick={() => setTrail([])}>
              {t('pickRegion')}
            </Button>
            {trail.map((r, i) => (
              <Button key={r.code} size="small" fill="none" onClick={() => setTrail(trail.slice(0, i + 1))}>
                › {r.name}
              </Button>
            ))}
          </div>
          <Button size="small" color="primary" onClick={() => setOpen(false)} data-testid="region-done">
            OK
          </Button>
        </div>
        {options === undefined ? (
          <div className="empty">{t('regionUnavailable')}</div>
        ) : (
          <ul className="region-list" data-testid="region-options">
            {options.map((r) => (
              <li key={r.code}>
                <button type="button" onClick={() => pick(r)} className={[value.regionCode, value.townshipCode, value.villageCode].includes(r.code) ? 'selected' : ''}>
                  {r.name}
                  {r.hasChildren && <span className="chevron">›</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Popup>
    </>
  );
}
