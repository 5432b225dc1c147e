// The archive's 业务往来 tab: `customer.bankBusiness` from the data warehouse's feeds
// (docs/business-data.md). Figures in yuan where the field policy gives them; the amount band
// where it withholds them (a province analyst), in the cards and in the chart.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { amountOrBand, amountsWithheld, LOAN_CLASS_COLORS } from '@cic/shared/business';
import { client } from '../api/client';
import { CustomerBankBusinessQuery } from '../api/operations';
import { enumLabel, useI18n } from '../i18n';
import { trendOption } from '../lib/business';
import { Chart } from './Chart';
import { ListError } from './lists';

/** One of the row's four cards: label and value lines. */
function FiguresCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Col span={6}>
      <Card size="small" title={title} style={{ height: '100%' }}>
        <Descriptions column={1} size="small">
          {children}
        </Descriptions>
      </Card>
    </Col>
  );
}

export function BankBusinessTab({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const query = useQuery({ queryKey: ['customerBankBusiness', customerId], queryFn: () => client.request(CustomerBankBusinessQuery, { id: customerId }) });
  if (query.isLoading) return <Spin />;
  if (query.error) return <ListError query={query} />;
  const b = query.data?.customer?.bankBusiness;
  if (!b) return <Empty description={t('business.none')} data-testid="business-none" />;
  const money = (amount: string | null | undefined, band: string) => amountOrBand(amount, band, locale);
  const withheld = amountsWithheld(b);
  const item = (label: string, value: React.ReactNode, testId?: string) => (
    <Descriptions.Item label={label}>
      <span data-testid={testId}>{value}</span>
    </Descriptions.Item>
  );
  const balance = (label: string, amount: string | null | undefined, band: string, testId: string) =>
    item(label, <Typography.Text strong>{money(amount, band)}</Typography.Text>, testId);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16} data-testid="bank-business">
      <Space size={16} wrap>
        <Typography.Text type="secondary" data-testid="business-as-of">
          {t('business.asOf', { date: b.asOf })}
        </Typography.Text>
        <Typography.Text>
          {t('business.customerSince')}: <span data-testid="business-since">{b.customerSince ?? '—'}</span>
          {b.customerSince ? `（${t('business.months', { n: b.monthsAsCustomer })}）` : ''}
        </Typography.Text>
      </Space>
      {withheld && <Alert type="info" showIcon message={t('business.bandsOnly')} data-testid="business-bands-only" />}
      <Row gutter={16}>
        <FiguresCard title={t('business.deposits')}>
          {balance(t('business.depositBalance'), b.depositBalance, b.depositBand, 'business-deposit-balance')}
          {!withheld && item(t('business.depositAvg90d'), money(b.depositAvg90d, b.depositBand), 'business-deposit-avg')}
          {item(t('business.depositAccounts'), b.depositAccounts)}
        </FiguresCard>
        <FiguresCard title={t('business.loans')}>
          {balance(t('business.loanBalance'), b.loanBalance, b.loanBand, 'business-loan-balance')}
          {item(t('business.loanCount'), b.loanCount)}
          {item(
            t('business.overdueDays'),
            <Typography.Text type={b.overdueDays > 0 ? 'danger' : undefined}>{t('business.days', { n: b.overdueDays })}</Typography.Text>,
            'business-overdue',
          )}
          {item(t('business.maxOverdueDays'), t('business.days', { n: b.maxOverdueDays }))}
          {item(
            t('business.worstClass'),
            b.worstClass ? (
              <Tag color={LOAN_CLASS_COLORS[b.worstClass]} data-testid="business-loan-class">
                {enumLabel(t, 'loanClass', b.worstClass)}
              </Tag>
            ) : (
              '—'
            ),
          )}
        </FiguresCard>
        <FiguresCard title={t('business.wealth')}>
          {balance(t('business.wealthBalance'), b.wealthBalance, b.wealthBand, 'business-wealth-balance')}
          {item(t('business.wealthCount'), b.wealthCount)}
        </FiguresCard>
        <Col span={6}>
          <Card size="small" title={t('business.services')} style={{ height: '100%' }}>
            <Space direction="vertical" size={8}>
              <div data-testid="business-services">
                {b.services.length
                  ? b.services.map((s) => (
                      <Tag key={s} color="blue" style={{ marginBottom: 4 }}>
                        {enumLabel(t, 'service', s)}
                      </Tag>
                    ))
                  : t('business.noServices')}
              </div>
              <Typography.Text type="secondary">
                {t('business.activeServices30d')}: {b.activeServices30d}
              </Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={withheld ? t('business.trendBands') : t('business.trend')}>
        {b.trend.length ? (
          <Chart
            testId="business-trend"
            height={300}
            option={trendOption(b.trend, {
              deposit: t('business.depositSeries'),
              loan: t('business.loanSeries'),
              band: (v) => enumLabel(t, 'amountBand', v),
            })}
          />
        ) : (
          <Empty description={t('business.noTrend')} />
        )}
      </Card>
    </Space>
  );
}
