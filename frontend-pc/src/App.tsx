import { Suspense, lazy, useMemo } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Badge, Button, Dropdown, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import {
  AimOutlined,
  AlertOutlined,
  BellOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  DotChartOutlined,
  FileAddOutlined,
  FundOutlined,
  FundProjectionScreenOutlined,
  LogoutOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  BranchesOutlined,
  FileDoneOutlined,
  InboxOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { enumLabel, useI18n } from './i18n';
import { useSession } from './session';
import { homeFor, menuFor, type Permission } from './permissions';
import { LoginPage } from './pages/LoginPage';
import { useDecidableCount, useReviewCount } from './components/fourEyes';
import { useInboxCounts } from './components/approvals';

const ArchivesPage = lazy(() => import('./pages/ArchivesPage'));
const ArchiveDetailPage = lazy(() => import('./pages/ArchiveDetailPage'));
const ArchiveFormPage = lazy(() => import('./pages/ArchiveFormPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const RulesPage = lazy(() => import('./pages/RulesPage'));
const RuleSetEditorPage = lazy(() => import('./pages/RuleSetEditorPage'));
const OrgPage = lazy(() => import('./pages/OrgPage'));
const BankSettingsPage = lazy(() => import('./pages/BankSettingsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const ReviewInboxPage = lazy(() => import('./pages/ReviewInboxPage'));
const ApprovalsPage = lazy(() => import('./pages/ApprovalsPage'));
const WarehouseImportsPage = lazy(() => import('./pages/WarehouseImportsPage'));
const ScorecardsPage = lazy(() => import('./pages/ScorecardsPage'));
const ScorecardEditorPage = lazy(() => import('./pages/ScorecardEditorPage'));
const RatingAnalysisPage = lazy(() => import('./pages/RatingAnalysisPage'));
const ApprovalInboxPage = lazy(() => import('./pages/ApprovalInboxPage'));
const ApplicationsPage = lazy(() => import('./pages/ApplicationsPage'));
const ApplicationDetailPage = lazy(() => import('./pages/ApplicationDetailPage'));
const ProcessesPage = lazy(() => import('./pages/ProcessesPage'));
const ProductsPage = lazy(() => import('./pages/ProductsPage'));
const SegmentModelsPage = lazy(() => import('./pages/SegmentModelsPage'));
const ReportsPage = lazy(() => import('./pages/ReportsPage'));
const SegmentModelPage = lazy(() => import('./pages/SegmentModelPage'));
const RemindersPage = lazy(() => import('./pages/RemindersPage'));
const ReminderSupervisionPage = lazy(() => import('./pages/ReminderSupervisionPage'));

const ICONS: Record<string, React.ReactNode> = {
  dashboard: <BarChartOutlined />,
  reports: <FundProjectionScreenOutlined />,
  archives: <TeamOutlined />,
  review: <CheckSquareOutlined />,
  approvals: <UserSwitchOutlined />,
  newArchive: <FileAddOutlined />,
  import: <CloudUploadOutlined />,
  rules: <SafetyCertificateOutlined />,
  scorecards: <FundOutlined />,
  ratingAnalysis: <DotChartOutlined />,
  segments: <AimOutlined />,
  reminders: <BellOutlined />,
  reminderSupervision: <AlertOutlined />,
  org: <ApartmentOutlined />,
  bankSettings: <SettingOutlined />,
  audit: <AuditOutlined />,
  warehouse: <DatabaseOutlined />,
  approvalTasks: <InboxOutlined />,
  applications: <FileDoneOutlined />,
  products: <AppstoreOutlined />,
  processes: <BranchesOutlined />,
};

function Guard({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { can } = useSession();
  const { t } = useI18n();
  if (!can(permission)) return <Result status="403" title={t('app.forbidden')} />;
  return <>{children}</>;
}

const guarded = (permission: Permission, page: React.ReactNode) => <Guard permission={permission}>{page}</Guard>;

function Shell() {
  const { t, locale, setLocale } = useI18n();
  const { me, roles, permissions, can, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = useMemo(() => menuFor(permissions), [permissions]);
  // Counts on the menu: archives waiting for my verification, requests waiting for my decision.
  // Approval tasks: unclaimed in my queues plus those I hold.
  const inbox = useInboxCounts(!!me && can('APPROVAL_DECIDE'));
  const badges: Record<string, number> = {
    review: useReviewCount(!!me && can('ARCHIVE_REVIEW')),
    approvals: useDecidableCount(!!me && can('CHANGE_DECIDE')),
    approvalTasks: inbox.queue + inbox.mine,
  };
  const selected = menu
    .filter((m) => location.pathname === m.path || location.pathname.startsWith(m.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0]?.key;
  if (!me) {
    return (
      <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={212} theme="dark" style={{ background: '#0b3d30' }}>
        <div className="cic-brand">
          <SafetyCertificateOutlined style={{ fontSize: 22 }} />
          <div>
            {t('app.title')}
            <br />
            <small>{t('app.subtitle')}</small>
          </div>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          style={{ background: 'transparent' }}
          selectedKeys={selected ? [selected] : []}
          items={menu.map((m) => ({
            key: m.key,
            icon: ICONS[m.key],
            label: badges[m.key] ? (
              <span className="cic-menu-badge">
                {t(m.label)}
                <Badge count={badges[m.key]} overflowCount={999} size="small" data-testid={`menu-badge-${m.key}`} />
              </span>
            ) : (
              t(m.label)
            ),
            onClick: () => navigate(m.path),
          }))}
          data-testid="main-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="cic-header">
          <Space size={12}>
            <Typography.Text type="secondary">{me.orgUnit?.name}</Typography.Text>
            {roles.map((r) => (
              <Tag key={r} color="green">
                {enumLabel(t, 'role', r)}
              </Tag>
            ))}
            <Button
              type="text"
              icon={<TranslationOutlined />}
              onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
              data-testid="locale-switch"
            >
              {t('app.language')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('app.logout'),
                    onClick: async () => {
                      await logout();
                      navigate('/login');
                    },
                  },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#0f7a5c' }} />
                <span>{me.user?.name}</span>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="cic-content">
          <Suspense fallback={<Spin />}>
            <Routes>
              <Route path="/" element={<Navigate to={homeFor(permissions)} replace />} />
              <Route path="/login" element={<Navigate to={homeFor(permissions)} replace />} />
              <Route path="/dashboard" element={<DashboardPage />} />
              <Route path="/reports" element={guarded('REPORT_READ', <ReportsPage />)} />
              <Route path="/archives" element={<ArchivesPage />} />
              <Route path="/archives/new" element={guarded('ARCHIVE_COLLECT', <ArchiveFormPage />)} />
              <Route path="/archives/:id" element={<ArchiveDetailPage />} />
              <Route path="/archives/:id/edit" element={<ArchiveFormPage />} />
              <Route path="/import" element={guarded('ARCHIVE_IMPORT', <ImportPage />)} />
              <Route path="/review" element={guarded('ARCHIVE_REVIEW', <ReviewInboxPage />)} />
              <Route path="/approvals" element={guarded('CHANGE_READ', <ApprovalsPage />)} />
              <Route path="/rules" element={<RulesPage />} />
              <Route path="/rules/:id" element={<RuleSetEditorPage />} />
              <Route path="/scorecards" element={guarded('ARCHIVE_READ', <ScorecardsPage />)} />
              {/* /scorecards/new is the same page: a saved new draft moves to its id without losing the editor's state */}
              <Route path="/scorecards/:id" element={guarded('ARCHIVE_READ', <ScorecardEditorPage />)} />
              <Route path="/rating-analysis" element={guarded('ARCHIVE_READ', <RatingAnalysisPage />)} />
              <Route path="/segments" element={guarded('MODEL_READ', <SegmentModelsPage />)} />
              <Route path="/segments/:id" element={guarded('MODEL_READ', <SegmentModelPage />)} />
              <Route path="/reminders" element={guarded('REMINDER_WORK', <RemindersPage />)} />
              <Route path="/reminders/supervision" element={guarded('REMINDER_SUPERVISE', <ReminderSupervisionPage />)} />
              <Route path="/approval-tasks" element={guarded('APPROVAL_DECIDE', <ApprovalInboxPage />)} />
              <Route path="/applications" element={guarded('APPLICATION_READ', <ApplicationsPage />)} />
              <Route path="/applications/:id" element={guarded('APPLICATION_READ', <ApplicationDetailPage />)} />
              <Route path="/products" element={guarded('PRODUCT_READ', <ProductsPage />)} />
              <Route path="/processes" element={guarded('PROCESS_ADMIN', <ProcessesPage />)} />
              <Route path="/org" element={guarded('ORG_ADMIN', <OrgPage />)} />
              <Route path="/bank-settings" element={guarded('EXTRA_FIELD_ADMIN', <BankSettingsPage />)} />
              <Route path="/audit" element={guarded('AUDIT_READ', <AuditPage />)} />
              <Route path="/warehouse" element={guarded('WAREHOUSE_READ', <WarehouseImportsPage />)} />
              <Route path="*" element={<Result status="404" title={t('app.notFound')} />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const { loggedIn } = useSession();
  const location = useLocation();
  if (!loggedIn) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  return <Shell />;
}
