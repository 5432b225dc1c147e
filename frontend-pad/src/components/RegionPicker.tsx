// The cascading region picker: province > city > county (GB/T 2260), then the bank's townships
// and villages, one level at a time through `regions(parentCode)`, cached for offline use.
// It opens where the manager works: at the archive's county when it has one, else at the
// officer's own county (src/lib/regionStart.ts), with that county's townships listed. 取消 puts
// back what was chosen before it opened; 确定 keeps what was picked.
import { useEffect, useState } from 'react';
import { Button, Popup } from 'antd-mobile';
import { useI18n } from '../i18n';
import { regionNames, regionsOf, type Region } from '../lib/pad';
import { countyChain, officerCounty } from '../lib/regionStart';

export interface RegionValue {
  regionCode: string;
  townshipCode: string;
  villageCode: string;
}

export function chainOf(v: RegionValue): string[] {
  if (!v.regionCode) return [];
  const chain = countyChain(v.regionCode);
  if (v.townshipCode) chain.push(v.townshipCode);
  if (v.villageCode) chain.push(v.villageCode);
  return chain;
}

/** The chosen region in words. A level whose name is not on the tablet yet is looked up (online)
 * from its parent's list; one that cannot be is said to be unknown, never shown as a code. */
export function useRegionLabel(v: RegionValue): string {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  useEffect(() => {
    let live = true;
    void (async () => {
      const chain = chainOf(v);
      let names = await regionNames();
      const missing = chain.findIndex((code) => !names.has(code));
      if (missing >= 0) {
        // Fill the gaps level by level (each list is cached for the next time).
        for (let i = missing; i < chain.length; i++) if (!names.has(chain[i])) await regionsOf(i === 0 ? null : chain[i - 1]);
        names = await regionNames();
      }
      if (live) setLabel(chain.map((code) => names.get(code) ?? t('regionUnknown')).join(' / '));
    })();
    return () => {
      live = false;
    };
  }, [v.regionCode, v.townshipCode, v.villageCode, t]);
  return label;
}

/** The regions from the province down to a county, as the picker's trail (missing levels are left out). */
async function trailTo(county: string): Promise<Region[]> {
  const trail: Region[] = [];
  let parent: string | null = null;
  for (const code of countyChain(county)) {
    const found: Region | undefined = (await regionsOf(parent))?.find((r) => r.code === code);
    if (!found) break;
    trail.push(found);
    parent = code;
  }
  return trail;
}

export function RegionPicker({ value, onChange, error }: { value: RegionValue; onChange: (v: RegionValue) => void; error?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [before, setBefore] = useState<RegionValue>(value);
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

  const start = async () => {
    setBefore(value);
    const county = value.regionCode || (await officerCounty());
    setTrail(county ? await trailTo(county) : []);
    setOpen(true);
  };

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
  const cancel = () => {
    onChange(before);
    setOpen(false);
  };

  return (
    <>
      <button type="button" className={`region-button${error ? ' has-error' : ''}`} id="f-address-region" onClick={() => void start()} data-testid="region-button">
        {label || <span className="placeholder">{t('pickRegion')}</span>}
      </button>
      <Popup visible={open} onMaskClick={cancel} position="right" bodyClassName="region-popup">
        <div className="region-head" data-testid="region-popup">
          <div className="region-trail" data-testid="region-trail">
            <Button size="small" fill="none" onClick={() => setTrail([])}>
              {t('regionAll')}
            </Button>
            {trail.map((r, i) => (
              <Button key={r.code} size="small" fill="none" onClick={() => setTrail(trail.slice(0, i + 1))} data-code={r.code}>
                › {r.name}
              </Button>
            ))}
          </div>
          <div className="region-buttons">
            <Button size="small" onClick={cancel} data-testid="region-cancel">
              {t('cancel')}
            </Button>
            <Button size="small" color="primary" onClick={() => setOpen(false)} data-testid="region-done">
              {t('confirm')}
            </Button>
          </div>
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
