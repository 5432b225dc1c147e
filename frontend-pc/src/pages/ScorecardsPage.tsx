// 评分卡 (docs/rating.md): the province's card and the caller's bank's (province staff: every
// bank's), drafts, the card in force and, on request, the superseded versions. Every member of
// staff reads them; a scorecard administrator (RATING_ADMIN) of the province or of a bank starts a
// new draft of their own scope from the card in force for it ("新建草稿").
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Space, Spin, Switch, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ScorecardFieldsFragment } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { administersCard, canAdministerScorecards, cardInForce, cardsInForce } from '../lib/scorecard';
import { useScorecards } from '../components/ratingViews';
import { ListError } from '../components/lists';
import { DataTable } from '../components/tables';
import { byPinyin, byTime, sorterOf } from '@cic/shared/sorting';

type Card = ScorecardFieldsFragment;

const STATUS_COLOURS: Record<string, string> = { DRAFT: 'blue', PUBLISHED: 'green', SUPERSEDED: 'default' };
const dt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/** The status of a card in words: 草稿 / 已发布 / 已替代, 生效中 for the card in force, 等待复核 while a
 * publication request waits for a second administrator. */
export function ScorecardStatusTags({ card, inForce }: { card: Pick<Card, 'status' | 'pendingChange'>; inForce: boolean }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      <Tag color={STATUS_COLOURS[card.status]} data-testid="scorecard-status">
        {enumLabel(t, 'scorecardStatus', card.status)}
      </Tag>
      {inForce && (
        <Tag color="success" data-testid="scorecard-in-force">
          {t('scorecards.inForce')}
        </Tag>
      )}
      {card.pendingChange && (
        <Tag color="processing" data-testid="scorecard-pending">
          {t('scorecards.pending')}
        </Tag>
      )}
    </Space>
  );
}

export const actorName = (username: string | null | undefined, t: (key: 'scorecards.system') => string) =>
  !username ? '—' : username === 'system' ? t('scorecards.system') : username;

export default function ScorecardsPage() {
  const { t } = useI18n();
  const { me, permissions } = useSession();
  const navigate = useNavigate();
  const [superseded, setSuperseded] = useState(false);
  const list = useScorecards(superseded);
  const bankId = me?.orgUnit?.bankId ?? null;
  const canDraft = canAdministerScorecards(permissions, me?.orgUnit?.level);
  if (list.isLoading) return <Spin />;
  const cards = list.isError ? [] : (list.data?.scorecards ?? []);
  const inForce = cardsInForce(cards, bankId);
  const mine = bankId ? cardInForce(cards, bankId) : undefined;
  // Drafts first, then the cards in force, then the rest; the province's before the banks' (banks in
  // pinyin order); newest first. Every column header sorts the loaded list otherwise (all of it is loaded).
  const rank = (c: Card) => (c.status === 'DRAFT' ? 0 : c.status === 'PUBLISHED' ? 1 : 2);
  const sorted = [...cards].sort((a, b) => rank(a) - rank(b) || Number(b.province) - Number(a.province) || byPinyin(a.bank?.name ?? '', b.bank?.name ?? '') || b.version - a.version);
  const scope = (c: Card) => (c.province ? t('scorecards.province') : (c.bank?.name ?? ''));

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('scorecards.title')}</h2>
        <Space size={16}>
          <label className="cic-switch-label">
            <Switch size="small" checked={superseded} onChange={setSuperseded} data-testid="show-superseded" />
            {t('scorecards.showSuperseded')}
          </label>
          {canDraft && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/scorecards/new')} data-testid="new-scorecard">
              {t('scorecards.newDraft')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        {t('scorecards.hint')}{' '}
        {mine ? <span data-testid="card-in-force-for-me">{t('scorecards.inForceForYou', { name: mine.name, v: mine.version })}</span> : t('scorecards.inForceProvince')}
      </Typography.Paragraph>
      <Card>
        <ListError query={list} />
        <DataTable<Card>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={sorted}
          locale={{ emptyText: t('scorecards.empty') }}
          data-testid="scorecards-table"
          columns={[
            {
              title: t('scorecards.name'),
              dataIndex: 'name',
              sorter: sorterOf((c: Card) => c.name),
              render: (name: string, c) => (
                <Space size={6}>
                  <Link to={`/scorecards/${c.id}`} data-testid="scorecard-link">
                    {name}
                  </Link>
                  {c.status === 'DRAFT' && !c.pendingChange && administersCard(permissions, me?.orgUnit, c) && (
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => navigate(`/scorecards/${c.id}`)} aria-label={t('common.edit')} data-testid="edit-scorecard" />
                  )}
                </Space>
              ),
            },
            { title: t('scorecards.version'), dataIndex: 'version', width: 80, sorter: sorterOf((c: Card) => c.version), render: (v: number) => t('scorecards.versionN', { v }) },
            {
              title: t('common.status'),
              key: 'status',
              width: 180,
              sorter: sorterOf((c: Card) => enumLabel(t, 'scorecardStatus', c.status)),
              render: (_: unknown, c) => <ScorecardStatusTags card={c} inForce={inForce.has(c.id)} />,
            },
            {
              title: t('scorecards.scope'),
              key: 'scope',
              width: 150,
              sorter: sorterOf(scope),
              render: (_: unknown, c) => <span data-testid="scorecard-scope">{scope(c) || '—'}</span>,
            },
            { title: t('scorecards.maxScore'), dataIndex: 'maxScore', width: 80, align: 'right', sorter: sorterOf((c: Card) => c.maxScore) },
            { title: t('scorecards.createdBy'), dataIndex: 'createdBy', width: 100, render: (v: string) => actorName(v, t) },
            { title: t('scorecards.approvedBy'), dataIndex: 'approvedBy', width: 100, render: (v: string | null) => <span data-testid="scorecard-approved-by">{actorName(v, t)}</span> },
            { title: t('scorecards.publishedAt'), dataIndex: 'publishedAt', width: 150, sorter: sorterOf((c: Card) => c.publishedAt, byTime), render: dt },
          ]}
        />
      </Card>
    </div>
  );
}
