import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { App, Button, Card, Checkbox, Col, Dropdown, Form, Input, Modal, Popconfirm, Row, Space, Spin, Tag, Tooltip, Tree, Typography } from 'antd';
import { PlusOutlined, StopOutlined, CheckOutlined, UserAddOutlined, UnlockOutlined, DownOutlined } from '@ant-design/icons';
import { ApiError, client, committed } from '../api/client';
import { CreateOrgUnitMutation, CreateStaffUserMutation, SetStaffUserRolesMutation, SetStaffUserStatusMutation, StaffUsersQuery, UnlockStaffUserMutation, UpdateOrgUnitMutation } from '../api/operations';
import type { StaffUsersQuery as StaffUsersResult } from '../gql/graphql';
import { enumLabel, useI18n } from '../i18n';
import { useSession } from '../session';
import { buildOrgTree } from '../lib/orgTree';
import { type UserError as PayloadError } from '@cic/shared/userErrors';
import { EnumTag, useOrgUnits } from '../components/common';
import { ListError, LoadMoreTable, useConnectionPages } from '../components/lists';
import { MoveModal, PasswordModal, ProfileModal, placeErrors } from '../components/StaffAdminModals';
import type { Role } from '../gql/graphql';
import { PENDING_CHANGES_KEY } from '../components/fourEyes';
import { sorterOf } from '@cic/shared/sorting';

const USER_STATUS_COLORS: Record<string, string> = { ACTIVE: 'green', DISABLED: 'default', PENDING: 'processing', REJECTED: 'red' };
/** Accounts waiting for a second administrator, or refused by one: no status or role changes here. */
const DECIDED_ELSEWHERE = ['PENDING', 'REJECTED'];

type StaffUser = StaffUsersResult['staffUsers']['edges'][number]['node'];
const ROLES: Role[] = ['CUSTOMER_MANAGER', 'BRANCH_MANAGER', 'BANK_APPROVER', 'BANK_ADMIN', 'PROVINCE_ADMIN', 'PROVINCE_ANALYST', 'AUDITOR'];

export default function OrgPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const units = useOrgUnits();
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [unitModal, setUnitModal] = useState(false);
  const [userModal, setUserModal] = useState(false);
  const [rolesFor, setRolesFor] = useState<StaffUser | null>(null);
  const [profileFor, setProfileFor] = useState<StaffUser | null>(null);
  const [passwordFor, setPasswordFor] = useState<StaffUser | null>(null);
  const [moveFor, setMoveFor] = useState<StaffUser | null>(null);
  const [unitForm] = Form.useForm<{ code: string; name: string }>();
  const [userForm] = Form.useForm<{ username: string; employeeNo: string; name: string; roles: Role[]; initialPassword: string; phone?: string }>();
  const [rolesForm] = Form.useForm<{ roles: Role[] }>();

  const tree = useMemo(
    () =>
      buildOrgTree(units.data?.orgUnits ?? [], (u) => ({
        title: (
          <Space size={4}>
            <span>{u.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {enumLabel(t, 'level', u.level)}
            </Typography.Text>
            {u.status === 'CLOSED' && <Tag>{t('org.statusCLOSED')}</Tag>}
          </Space>
        ),
      })),
    [units.data, t],
  );
  const unitId = selected ?? me?.orgUnit?.id;
  const unit = units.data?.orgUnits.find((u) => u.id === unitId);

  const users = useConnectionPages({
    queryKey: ['staffUsers', unitId, search],
    enabled: !!unitId,
    read: (after) => client.request(StaffUsersQuery, { first: 50, after, orgUnitId: unitId, search: search || null }),
    connection: (page) => page.staffUsers,
  });
  // A unit's staff is usually one page (50): once every page is loaded the headers sort them on
  // the client (names in pinyin order, roles and statuses by their label). While the API has more,
  // a sort would order the loaded rows only, so none is offered.
  const whole = !users.hasNextPage;
  const sortable = <F,>(sorter: F) => (whole ? sorter : undefined);

  // An error lands on the form field it names (`rename`: the API's name -> the form's); one naming
  // no field of the form (the account or unit itself) is said in a message.
  const report = (errors: readonly PayloadError[], form?: { setFields: (f: never) => void }, fields: readonly string[] = [], rename: Record<string, string> = {}) => {
    const placed = placeErrors(errors, locale, form ? fields : [], rename);
    form?.setFields(placed.fields as never);
    if (placed.general.length) message.error(placed.general.join('；'));
  };
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.display(locale) : t('common.failed'));
  const refreshUsers = () => queries.invalidateQueries({ queryKey: ['staffUsers'] });
  // Roles that can read personal data take a second administrator (dual control): say so, and
  // refresh the approvals badge and list.
  const announcePending = () => {
    message.info({ content: <span data-testid="pending-notice">{t('org.pendingApproval')}</span>, duration: 6 });
    queries.invalidateQueries({ queryKey: PENDING_CHANGES_KEY });
  };

  const unlock = async (user: StaffUser) => {
    try {
      const payload = committed((await client.request(UnlockStaffUserMutation, { input: { userId: user.id } })).unlockStaffUser, 'unlockStaffUser');
      if (payload.errors.length) return report(payload.errors);
      message.success(t('org.unlocked'));
      await refreshUsers();
    } catch (e) {
      fail(e);
    }
  };
  const adminDone = (close: () => void) => async (text: string) => {
    close();
    message.success(text);
    await refreshUsers();
  };

  const setStatus = async (user: StaffUser, status: 'ACTIVE' | 'DISABLED') => {
    try {
      const data = { setStaffUserStatus: committed((await client.request(SetStaffUserStatusMutation, { input: { userId: user.id, status } })).setStaffUserStatus, 'setStaffUserStatus') };
      if (data.setStaffUserStatus.errors.length) return report(data.setStaffUserStatus.errors);
      message.success(t('common.saved'));
      await refreshUsers();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div>
      <div className="cic-page-title">
        <h2>{t('org.title')}</h2>
      </div>
      <Row gutter={16}>
        <Col span={7}>
          <Card
            title={t('org.tree')}
            extra={
              unit && unit.level !== 'BRANCH' && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setUnitModal(true)}>
                  {t('org.addUnit')}
                </Button>
              )
            }
          >
            <ListError query={units} />
            {units.isLoading ? (
              <Spin />
            ) : (
              <Tree treeData={tree} defaultExpandAll selectedKeys={unitId ? [unitId] : []} onSelect={(keys) => keys[0] && setSelected(String(keys[0]))} data-testid="org-tree" />
            )}
            {unit && unit.level !== 'PROVINCE' && (
              <Popconfirm
                title={unit.status === 'ACTIVE' ? t('org.closeUnit') : t('org.reopenUnit')}
                onConfirm={async () => {
                  try {
                    const data = { updateOrgUnit: committed((await client.request(UpdateOrgUnitMutation, { input: { id: unit.id, status: unit.status === 'ACTIVE' ? 'CLOSED' : 'ACTIVE' } })).updateOrgUnit, 'updateOrgUnit') };
                    if (data.updateOrgUnit.errors.length) return report(data.updateOrgUnit.errors);
                    await queries.invalidateQueries({ queryKey: ['orgUnits'] });
                  } catch (e) {
                    fail(e);
                  }
                }}
              >
                <Button size="small" danger={unit.status === 'ACTIVE'} style={{ marginTop: 12 }}>
                  {unit.status === 'ACTIVE' ? t('org.closeUnit') : t('org.reopenUnit')}
                </Button>
              </Popconfirm>
            )}
          </Card>
        </Col>
        <Col span={17}>
          <Card
            title={`${t('org.users')} · ${unit?.name ?? ''}`}
            extra={
              <Space>
                <Input.Search placeholder={t('org.searchUser')} allowClear onSearch={setSearch} style={{ width: 240 }} />
                <Button type="primary" icon={<UserAddOutlined />} onClick={() => setUserModal(true)} disabled={!unit}>
                  {t('org.addUser')}
                </Button>
              </Space>
            }
          >
            <LoadMoreTable
              list={users}
              size="small"
              data-testid="staff-table"
              columns={[
                {
                  title: t('org.userName'),
                  dataIndex: 'name',
                  sorter: sortable(sorterOf((r: StaffUser) => r.name)),
                  showSorterTooltip: whole ? { title: t('archives.sort.pinyin') } : false,
                  render: (v: string) => <span data-testid="staff-name">{v}</span>,
                },
                { title: t('org.username'), dataIndex: 'username', sorter: sortable(sorterOf((r: StaffUser) => r.username)), render: (v: string) => <span className="cic-mono">{v}</span> },
                { title: t('org.employeeNo'), dataIndex: 'employeeNo', sorter: sortable(sorterOf((r: StaffUser) => r.employeeNo)) },
                { title: t('org.orgUnit'), key: 'orgUnit', sorter: sortable(sorterOf((r: StaffUser) => r.orgUnit?.name)), render: (_: unknown, r: StaffUser) => r.orgUnit?.name ?? '—' },
                { title: t('org.roles'), dataIndex: 'roles', sorter: sortable(sorterOf((r: StaffUser) => r.roles.map((x) => enumLabel(t, 'role', x)).join('、'))), render: (roles: string[]) => roles.map((r) => <Tag key={r}>{enumLabel(t, 'role', r)}</Tag>) },
                { title: t('org.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="cic-masked">{v ?? '—'}</span> },
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  sorter: sortable(sorterOf((r: StaffUser) => enumLabel(t, 'org.userStatus', r.status))),
                  render: (v: string, r: StaffUser) => (
                    <Space size={4} wrap={false}>
                      <EnumTag prefix="org.userStatus" value={v} colors={USER_STATUS_COLORS} testId="user-status" />
                      {r.lockedUntil && (
                        <Tooltip title={t('org.lockedUntil', { until: dayjs(r.lockedUntil).format('YYYY-MM-DD HH:mm') })}>
                          <Tag color="warning" data-testid="user-locked">
                            {t('org.locked')}
                          </Tag>
                        </Tooltip>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t('common.actions'),
                  // Always in view: the table scrolls sideways under it at 1366 px.
                  fixed: 'right' as const,
                  render: (_: unknown, r: StaffUser) =>
                    DECIDED_ELSEWHERE.includes(r.status) ? (
                      <Link to="/approvals">
                        <Typography.Text type="secondary">{t(r.status === 'PENDING' ? 'org.awaitingApproval' : 'org.rejectedHint')}</Typography.Text>
                      </Link>
                    ) : (
                      <Space size={0}>
                        {r.lockedUntil && (
                          <Popconfirm title={t('org.unlockConfirm')} okText={t('org.unlock')} onConfirm={() => unlock(r)}>
                            <Button size="small" type="link" icon={<UnlockOutlined />} data-testid="unlock">
                              {t('org.unlock')}
                            </Button>
                          </Popconfirm>
                        )}
                        {r.status === 'ACTIVE' ? (
                          <Popconfirm title={t('org.disableConfirm')} onConfirm={() => setStatus(r, 'DISABLED')}>
                            <Button size="small" type="link" danger icon={<StopOutlined />}>
                              {t('org.disable')}
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Button size="small" type="link" icon={<CheckOutlined />} onClick={() => setStatus(r, 'ACTIVE')}>
                            {t('org.enable')}
                          </Button>
                        )}
                        <Dropdown
                          trigger={['click']}
                          menu={{
                            items: [
                              {
                                key: 'roles',
                                label: t('org.editRoles'),
                                onClick: () => {
                                  setRolesFor(r);
                                  rolesForm.setFieldsValue({ roles: r.roles as Role[] });
                                },
                              },
                              { key: 'profile', label: t('org.editProfile'), onClick: () => setProfileFor(r) },
                              { key: 'password', label: t('org.resetPassword'), onClick: () => setPasswordFor(r) },
                              { key: 'move', label: t('org.move'), onClick: () => setMoveFor(r) },
                            ],
                          }}
                        >
                          <Button size="small" type="link" data-testid="staff-more">
                            {t('org.more')} <DownOutlined />
                          </Button>
                        </Dropdown>
                      </Space>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={unitModal}
        title={`${t('org.addUnit')} · ${unit?.name ?? ''}`}
        onCancel={() => setUnitModal(false)}
        destroyOnHidden
        onOk={async () => {
          const values = await unitForm.validateFields().catch(() => null); // the form shows what is missing
          if (!values) return;
          try {
            const data = { createOrgUnit: committed((await client.request(CreateOrgUnitMutation, { input: { parentId: unit!.id, code: values.code, name: values.name } })).createOrgUnit, 'createOrgUnit') };
            if (data.createOrgUnit.errors.length) return report(data.createOrgUnit.errors, unitForm as never, ['code', 'name']);
            setUnitModal(false);
            unitForm.resetFields();
            await queries.invalidateQueries({ queryKey: ['orgUnits'] });
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form form={unitForm} layout="vertical">
          <Form.Item name="code" label={t('org.unitCode')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input className="cic-mono" placeholder={`${unit?.code ?? ''}-04`} />
          </Form.Item>
          <Form.Item name="name" label={t('org.unitName')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={userModal}
        title={`${t('org.addUser')} · ${unit?.name ?? ''}`}
        onCancel={() => setUserModal(false)}
        destroyOnHidden
        onOk={async () => {
          const values = await userForm.validateFields().catch(() => null);
          if (!values) return;
          try {
            const data = { createStaffUser: committed((await client.request(CreateStaffUserMutation, { input: { ...values, orgUnitId: unit!.id, phone: values.phone || null } })).createStaffUser, 'createStaffUser') };
            // the API names the initial password `password`; the form, `initialPassword`
            if (data.createStaffUser.errors.length) return report(data.createStaffUser.errors, userForm as never, ['username', 'employeeNo', 'name', 'phone', 'roles', 'initialPassword'], { password: 'initialPassword' });
            if (data.createStaffUser.pendingChange) announcePending();
            else message.success(t('common.saved'));
            setUserModal(false);
            userForm.resetFields();
            await refreshUsers();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form form={userForm} layout="vertical">
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="username" label={t('org.username')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input className="cic-mono" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="employeeNo" label={t('org.employeeNo')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input className="cic-mono" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="name" label={t('org.userName')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="phone" label={t('org.phone')}>
                <Input className="cic-mono" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="roles" label={t('org.roles')} rules={[{ required: true, message: t('validation.required') }]}>
                <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: enumLabel(t, 'role', r) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="initialPassword" label={t('org.initialPassword')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      <Modal
        open={rolesFor !== null}
        title={`${t('org.editRoles')} · ${rolesFor?.name ?? ''}`}
        onCancel={() => setRolesFor(null)}
        onOk={async () => {
          const values = await rolesForm.validateFields().catch(() => null);
          if (!values) return;
          try {
            const data = { setStaffUserRoles: committed((await client.request(SetStaffUserRolesMutation, { input: { userId: rolesFor!.id, roles: values.roles } })).setStaffUserRoles, 'setStaffUserRoles') };
            if (data.setStaffUserRoles.errors.length) return report(data.setStaffUserRoles.errors, rolesForm as never, ['roles']);
            if (data.setStaffUserRoles.pendingChange) announcePending();
            else message.success(t('common.saved'));
            setRolesFor(null);
            await refreshUsers();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Form form={rolesForm} layout="vertical">
          <Form.Item name="roles" rules={[{ required: true, message: t('validation.required') }]}>
            <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: enumLabel(t, 'role', r) }))} />
          </Form.Item>
        </Form>
      </Modal>
      <ProfileModal user={profileFor} onClose={() => setProfileFor(null)} onDone={adminDone(() => setProfileFor(null))} />
      <PasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} onDone={adminDone(() => setPasswordFor(null))} />
      <MoveModal user={moveFor} onClose={() => setMoveFor(null)} onDone={adminDone(() => setMoveFor(null))} />
    </div>
  );
}
