// The archive's 信用评级 tab: `customer.rating` and `customer.ratingHistory` (docs/rating.md).
// The rating is an automated decision (PIPL art. 24): the tab shows what a customer manager needs
// to tell the farmer why — the vetoes that force grade D, the reasons the score is not higher,
// and each item's value, bin and points. A province analyst gets the score and the grade only (the
// field policy withholds the items, reasons and quota); the tab says so. `rateCustomer` (重新评级)
// for staff who may edit archives (ARCHIVE_EDIT). A waterfall shows how the score is made up: the
// base points, each item's points on top, the score.
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Progress, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { formatYuan } from '@cic/shared/business';
import { ApiError, client, committed } from '../api/client';
import { CustomerRatingQuery, RateCustomerMutation } from '../api/operations';
import type { RatingFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { historyGradeLabels, pointsPercent, ratingDetailHidden, ratingValue, waterfallOption, waterfallSteps } from '../lib/rating';
import { useScorecards } from './ratingViews';
import { Chart } from './Chart';
import { DataTable } from './tables';
import { ListError } from './lists';

type Rating = RatingFieldsFragment;
type Item = NonNullable<Rating['items']>[number];

const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export const ratingQueryKey = (customerId: string) => ['customerRating', customerId] as const;

/** 重新评级 (or 立即评级 before the first rating): rateCustomer, then the tab reads the rating again. */
function RateButton({ customerId, first }: { customerId: string; first: boolean }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const rate = async () => {
    setBusy(true);
    try {
      const payload = committed((await client.request(RateCustomerMutation, { id: customerId })).rateCustomer, 'rateCustomer');
      if (payload.errors.length) {
        message.error(payload.errors.map((e) => (locale === 'zh' ? e.message : e.messageEn)).join('；'));
        return;
      }
      message.success(t('rating.rated'));
      await queries.invalidateQueries({ queryKey: ratingQueryKey(customerId) });
    } catch (e) {
      message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<ReloadOutlined />} loading={busy} onClick={rate} data-testid="rating-rate">
      {first ? t('rating.rateNow') : t('rating.rate')}
    </Button>
  );
}

/** Score, grade, recommended quota, card and time. */
function Headline({ rating }: { rating: Rating }) {
  const { t } = useI18n();
  const hidden = ratingDetailHidden(rating);
  const ineligible = rating.vetoes.length > 0;
  return (
    <Row gutter={16} data-testid="rating-headline">
      <Col span={6}>
        <Statistic title={t('rating.score')} value={`${rating.score} / ${rating.card.maxScore}`} valueRender={(node) => <span data-testid="rating-score">{node}</span>} />
        <Progress aria-label={`${rating.score} / ${rating.card.maxScore}`} percent={pointsPercent(rating.score, rating.card.maxScore)} showInfo={false} size="small" strokeColor="#0f7a5c" />
      </Col>
      <Col span={6}>
        <Statistic
          title={t('rating.grade')}
          value={rating.gradeLabel}
          styles={ineligible ? { content: { color: '#cf1322' } } : undefined}
          valueRender={(node) => <span data-testid="rating-grade">{node}</span>}
        />
      </Col>
      {!hidden && (
        <Col span={6}>
          <Statistic title={t('rating.quota')} value={formatYuan(rating.recommendedQuota)} valueRender={(node) => <span data-testid="rating-quota">{node}</span>} />
        </Col>
      )}
      <Col span={hidden ? 12 : 6}>
        <Space direction="vertical" size={4}>
          <Typography.Text type="secondary">{t('rating.card')}</Typography.Text>
          <Space size={4} wrap>
            <span data-testid="rating-card">{t('rating.cardVersion', { name: rating.card.name, version: rating.card.version })}</span>
            <Tag color={rating.card.province ? 'blue' : 'green'}>{rating.card.province ? t('rating.provinceCard') : t('rating.bankCard')}</Tag>
          </Space>
          <Typography.Text type="secondary">
            {t('rating.ratedAt')}: <span data-testid="rating-rated-at">{dt(rating.ratedAt)}</span>
          </Typography.Text>
        </Space>
      </Col>
    </Row>
  );
}

/** The score built up: base points, then each item's points, ending at the score. */
function Waterfall({ rating, items }: { rating: Rating; items: readonly Item[] }) {
  const { t } = useI18n();
  const steps = waterfallSteps(rating.score, items, { base: t('rating.basePoints'), total: t('rating.total') });
  return <Chart testId="rating-waterfall" height={Math.max(240, steps.length * 26 + 40)} option={waterfallOption(steps, rating.card.maxScore, t('rating.points'))} />;
}

/** Each item's value, bin and points (of the most it could earn). */
function ItemsTable({ items }: { items: readonly Item[] }) {
  const { t } = useI18n();
  return (
    <DataTable<Item>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={items}
      data-testid="rating-items"
      columns={[
        { title: t('rating.item'), dataIndex: 'label' },
        { title: t('rating.value'), dataIndex: 'value', render: (v: string | null) => ratingValue(v, t) },
        { title: t('rating.bin'), dataIndex: 'bin' },
        {
          title: t('rating.points'),
          width: 260,
          render: (_: unknown, item) => (
            <Space size={12} style={{ width: '100%' }}>
              <span data-testid="rating-item-points" style={{ display: 'inline-block', minWidth: 64 }}>
                {item.points} / {item.maxPoints}
              </span>
              <Progress
                aria-label={`${item.points} / ${item.maxPoints}`}
                percent={pointsPercent(item.points, item.maxPoints)}
                showInfo={false}
                size="small"
                strokeColor={item.points >= item.maxPoints ? '#0f7a5c' : undefined}
                style={{ width: 140, margin: 0 }}
              />
            </Space>
          ),
        },
      ]}
    />
  );
}

/** The rating explained: score, grade, quota, the vetoes, the reasons the score is not higher, the
 * waterfall and each item's points (a province analyst: the score and the grade only). Shared by
 * the archive's 信用评级 tab and the quota application. */
export function RatingExplanation({ rating }: { rating: Rating }) {
  const { t, locale } = useI18n();
  const hidden = ratingDetailHidden(rating);
  // The vetoes in words: the API's Chinese reasons, or the labels in English.
  const vetoes = locale === 'zh' && rating.vetoReasons.length ? rating.vetoReasons : rating.vetoes.map((v) => enumLabel(t, 'ratingVeto', v));
  return (
    <>
      <Card size="small">
        <Headline rating={rating} />
      </Card>
      {vetoes.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('rating.vetoed')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {vetoes.map((v) => (
                <li key={v}>{v}</li>
              ))}
            </ul>
          }
          data-testid="rating-vetoes"
        />
      )}
      {hidden ? (
        <Alert type="info" showIcon message={t('rating.detailHidden')} data-testid="rating-detail-hidden" />
      ) : (
        <>
          <Card size="small" title={t('rating.reasons')}>
            {rating.reasons?.length ? (
              <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="rating-reasons">
                {rating.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ol>
            ) : (
              <Typography.Text type="secondary">{t('rating.noReasons')}</Typography.Text>
            )}
          </Card>
          {rating.items?.length ? (
            <Card size="small" title={t('rating.waterfall')}>
              <Waterfall rating={rating} items={rating.items} />
            </Card>
          ) : null}
          <Card size="small" title={t('rating.items')}>
            <ItemsTable items={rating.items ?? []} />
          </Card>
        </>
      )}
    </>
  );
}

export function RatingTab({ customerId, canRate }: { customerId: string; canRate: boolean }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ratingQueryKey(customerId), queryFn: () => client.request(CustomerRatingQuery, { id: customerId }) });
  const rating = query.data?.customer?.rating;
  const history = query.data?.customer?.ratingHistory ?? [];
  // The history names grades by code: the cards' labels say them in words.
  const cards = useScorecards(true, history.length > 0);
  const gradeLabel = useMemo(() => historyGradeLabels(cards.data?.scorecards ?? [], rating?.card.id, t('rating.ineligible')), [cards.data, rating, t]);
  if (query.isLoading) return <Spin />;
  if (query.error) return <ListError query={query} />;
  if (!rating) {
    return (
      <Empty description={t('rating.none')} data-testid="rating-none">
        {canRate && <RateButton customerId={customerId} first />}
      </Empty>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="rating">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Text type="secondary">{t('rating.explain')}</Typography.Text>
        {canRate && <RateButton customerId={customerId} first={false} />}
      </Space>
      <RatingExplanation rating={rating} />
      <Card size="small" title={t('rating.history')}>
        {history.length ? (
          <DataTable
            size="small"
            rowKey="quarter"
            pagination={false}
            dataSource={history}
            data-testid="rating-history"
            columns={[
              { title: t('rating.quarter'), dataIndex: 'quarter' },
              { title: t('rating.score'), dataIndex: 'score' },
              { title: t('rating.grade'), dataIndex: 'grade', render: (code: string) => gradeLabel(code) },
              { title: t('rating.ratedAt'), dataIndex: 'ratedAt', render: dt },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rating.noHistory')} />
        )}
      </Card>
    </Space>
  );
}
