// Both versions, field by field: my offline edit against the server's current copy, with the
// copy my edit was based on to tell who changed what. The manager keeps one side per field;
// the merge is saved on top of the server's version and synced.
import { useMemo, useState } from 'react';
import { Button, NoticeBar, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n';
import { draftFromServer } from '../lib/archive';
import { conflictRows, merge, type Choice, type ConflictRow } from '../lib/conflict';
import { db } from '../lib/db';
import { archiveStore } from '../lib/pad';

function Value({ row, side }: { row: ConflictRow; side: 'mine' | 'theirs' }) {
  const { t, enumLabel } = useI18n();
  const v = row[side];
  if (v === null || v === undefined || v === '') return <span className="muted">{t('empty')}</span>;
  if (typeof v === 'boolean') return <>{v ? t('yes') : t('no')}</>;
  if (Array.isArray(v)) {
    if (v.length === 0) return <span className="muted">{t('empty')}</span>;
    return (
      <ul className="conflict-list">
        {v.map((item, i) => (
          <li key={i}>{Object.values(item as object).filter((x) => x !== '' && x !== null && x !== false).map((x) => (typeof x === 'string' ? enumLabel('relation', x) || x : String(x))).join(' · ')}</li>
        ))}
      </ul>
    );
  }
  if (typeof v === 'object') return <>{Object.values(v as object).filter((x) => x !== '' && x !== null).join(' · ')}</>;
  const groups: Record<string, string> = { education: 'education', maritalStatus: 'maritalStatus', health: 'health', 'social.villageCreditRating': 'rating' };
  return <>{groups[row.path] ? enumLabel(groups[row.path], String(v)) : String(v)}</>;
}

export function ConflictPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { t, label } = useI18n();
  const archive = useLiveQuery(() => db.archives.get(id), [id]);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const rows = useMemo(() => {
    if (!archive?.conflict || !archive.draft) return [];
    const base = archive.server ? draftFromServer(archive.server) : null;
    return conflictRows(base, archive.draft, draftFromServer(archive.conflict.current));
  }, [archive]);

  if (!archive) return <div className="empty">…</div>;
  if (!archive.conflict || !archive.draft) {
    return (
      <div className="conflict">
        <NoticeBar color="info" content={t('resolved')} />
        <Button onClick={() => navigate(`/archives/${id}`)}>{t('back')}</Button>
      </div>
    );
  }
  const chosen = rows.map((r) => ({ ...r, choice: choices[r.path] ?? r.choice }));
  const setAll = (choice: Choice) => setChoices(Object.fromEntries(rows.map((r) => [r.path, choice])));
  const resolve = async () => {
    const merged = merge(archive.draft!, draftFromServer(archive.conflict!.current), chosen);
    await archiveStore.resolveConflict(id, merged);
    Toast.show({ icon: 'success', content: t('resolved') });
    navigate(`/archives/${id}`);
  };
  const fieldName = (path: string) => (path.startsWith('extraFields.') ? path.slice(12) : label(path));

  return (
    <div className="conflict" data-testid="conflict-page">
      <div className="form-title">
        <h2>
          {t('conflictTitle')} · {archive.name}
        </h2>
      </div>
      <p className="conflict-intro">{t('conflictIntro', { base: archive.serverVersion ?? '-', server: archive.conflict.serverVersion })}</p>
      <div className="conflict-actions">
        <Button onClick={() => setAll('mine')} data-testid="conflict-all-mine">
          {t('allMine')}
        </Button>
        <Button onClick={() => setAll('theirs')} data-testid="conflict-all-theirs">
          {t('allTheirs')}
        </Button>
      </div>
      <table className="conflict-table" data-testid="conflict-table">
        <thead>
          <tr>
            <th>{t('field')}</th>
            <th>{t('mine')}</th>
            <th>{t('theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {chosen.map((row) => (
            <tr key={row.path} data-testid="conflict-row" data-path={row.path} data-choice={row.choice}>
              <th scope="row">
                {fieldName(row.path)}
                {row.both && <div className="both">{t('bothChanged')}</div>}
              </th>
              {(['mine', 'theirs'] as const).map((side) => (
                <td key={side}>
                  <button
                    type="button"
                    className={`conflict-option${row.choice === side ? ' chosen' : ''}`}
                    aria-pressed={row.choice === side}
                    data-testid={`choose-${side}`}
                    onClick={() => setChoices({ ...choices, [row.path]: side })}
                  >
                    <span className="radio" aria-hidden>
                      {row.choice === side ? '●' : '○'}
                    </span>
                    <span className="conflict-value">
                      <Value row={row} side={side} />
                    </span>
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="action-bar">
        <Button size="large" onClick={() => navigate(`/archives/${id}`)}>
          {t('back')}
        </Button>
        <Button size="large" color="primary" onClick={() => void resolve()} data-testid="conflict-resolve">
          {t('resolve')}
        </Button>
      </div>
    </div>
  );
}
