// The customer's credit rating on the archive, compact (the PC's 信用评级 tab has the detail,
// docs/rating.md): the grade and the score out of the card's maximum ("BB（一般） · 670 / 1200"),
// the vetoes that force grade D (a warning), the top reasons the score is not higher, and the
// rating time. Read from the archive row in IndexedDB: it shows offline, as of the last refresh.
// No re-rating here: the tablet shows what the server last computed.
import { useI18n } from '../i18n';
import type { LocalArchive } from '../lib/db';

/** At most this many reasons: the block is a summary, not the explanation. */
export const TOP_REASONS = 3;

/** "YYYY-MM-DD HH:mm" in the tablet's time zone. */
export function ratedAtText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function RatingBlock({ a }: { a: Pick<LocalArchive, 'rating'> }) {
  const { t, locale, enumLabel } = useI18n();
  const rating = a.rating;
  if (!rating) {
    return (
      <div className="rating-block" data-testid="rating-block">
        <div className="rating-head">
          <span className="rating-title">{t('ratingTitle')}</span>
          <span className="muted" data-testid="rating-none">{t('ratingNone')}</span>
        </div>
      </div>
    );
  }
  // The vetoes in words: the API's Chinese reasons, or the labels in English.
  const vetoes = locale === 'zh' && rating.vetoReasons.length ? rating.vetoReasons : rating.vetoes.map((v) => enumLabel('ratingVeto', v));
  const reasons = (rating.reasons ?? []).slice(0, TOP_REASONS);
  return (
    <div className={`rating-block${vetoes.length ? ' vetoed' : ''}`} data-testid="rating-block" data-grade={rating.grade}>
      <div className="rating-head">
        <span className="rating-title">{t('ratingTitle')}</span>
        <span className="rating-grade" data-testid="rating-summary">
          {rating.gradeLabel} · {rating.score} / {rating.card.maxScore}
        </span>
        <span className="muted rating-time" data-testid="rating-rated-at">
          {t('ratingRatedAt', { time: ratedAtText(rating.ratedAt) })}
        </span>
      </div>
      {vetoes.length > 0 && (
        <div className="rating-vetoes" role="alert" data-testid="rating-vetoes">
          <span>{t('ratingVetoed')}</span>
          <ul>
            {vetoes.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
        </div>
      )}
      {reasons.length > 0 && (
        <div className="rating-reasons">
          <span className="muted">{t('ratingReasons')}</span>
          <ol data-testid="rating-reasons">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
