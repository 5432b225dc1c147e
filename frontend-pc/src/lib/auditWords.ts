// The audit log in words: an action such as `staff_user.status` reads 员工·状态变更, its detail
// {"to":"ACTIVE","from":"DISABLED"} reads 原值：已停用，新值：启用. Actions are `domain.verb`
// strings written by many services (some composed at run time, e.g. `customer.<change kind>`), so
// the label is composed from a domain table and a verb table; what neither knows is shown as
// written, in the code font, rather than guessed.
import { ENUM_LABELS, type EnumName } from '@cic/shared/labels';
import { formatYuan } from '@cic/shared/business';
import { en, zh, type MessageKey } from '../i18n/messages';

type Pair = readonly [zh: string, en: string];
type Locale = 'zh' | 'en';

const DOMAINS: Record<string, Pair> = {
  application: ['授信申请', 'Application'], auth: ['登录认证', 'Sign-in'], client: ['接入方', 'Client'], customer: ['客户档案', 'Archive'],
  dual_control: ['双人复核', 'Dual control'], ecif: ['ECIF', 'ECIF'], image: ['影像', 'Image'], import: ['导入', 'Import'],
  loan: ['贷款', 'Loan'], marketing: ['营销模型', 'Marketing'], org_unit: ['机构', 'Org unit'], process: ['审批流程', 'Process'],
  product: ['产品', 'Product'], quota: ['授信额度', 'Quota'], rating: ['评级', 'Rating'], report: ['报表', 'Report'], rules: ['规则', 'Rules'],
  sms: ['短信', 'SMS'], staff_user: ['员工', 'Staff'], warehouse: ['数仓数据', 'Warehouse'], reveal: ['查看明文', 'Reveal'],
};

const VERBS: Record<string, Pair> = {
  activate: ['启用', 'activated'], add: ['新增', 'added'], age: ['年龄查询', 'age'], approve: ['复核通过', 'approved'], available: ['可用额度', 'available'],
  bank_logo_remove: ['删除行徽', 'logo removed'], bank_logo_upload: ['上传行徽', 'logo uploaded'], cancel: ['撤回', 'cancelled'],
  channel: ['渠道', 'channel'], consent_form_linked: ['关联授权书', 'consent form linked'], create: ['新建', 'created'],
  customer_token: ['客户令牌', 'customer token'], delete: ['删除', 'deleted'], delete_card: ['删除评分卡', 'card deleted'],
  disable: ['停用', 'disabled'], ecif_registered: ['ECIF 开户', 'ECIF registered'], ecif_rejected: ['ECIF 拒绝', 'ECIF rejected'],
  education: ['学历', 'education'], enable: ['启用', 'enabled'], end_sessions: ['结束会话', 'sessions ended'], errors_download: ['下载错误行', 'errors downloaded'],
  ethnicity: ['民族', 'ethnicity'], evaluate_run: ['重新校验', 'evaluation run'], expired: ['到期', 'expired'], export: ['导出', 'exported'],
  extra_field: ['扩展字段', 'extra field'], gender: ['性别', 'gender'], grade: ['等级', 'grade'], granted: ['授予', 'granted'],
  handed_off: ['推送网贷平台', 'handed off'], health: ['健康状况', 'health'], import: ['导入', 'imported'], login: ['登录', 'login'],
  login_failed: ['登录失败', 'login failed'], lookup: ['查询', 'lookup'], manager_lookup: ['查询管户经理', 'manager lookup'], mobile: ['手机号', 'mobile'],
  name: ['姓名', 'name'], nightly: ['夜间计算', 'nightly run'], opt_out: ['退订', 'opted out'], publish: ['发布', 'published'],
  publish_card: ['发布评分卡', 'card published'], purge: ['清除', 'purged'], quarterly_batch: ['季度批量评级', 'quarterly batch'],
  refresh_reuse: ['令牌重放', 'refresh token reuse'], refused: ['拒绝', 'refused'], reject: ['复核驳回', 'rejected'], rejected: ['被拒', 'rejected'],
  request: ['发起复核', 'requested'], requested: ['申请', 'requested'], rerate: ['重新评级', 're-rated'], retire_model: ['停用模型', 'model retired'],
  retired: ['停用', 'retired'], revoke: ['吊销', 'revoked'], roles: ['角色变更', 'roles changed'], rotate_secret: ['更换密钥', 'secret rotated'],
  save_card: ['保存评分卡', 'card saved'], save_draft: ['保存草稿', 'draft saved'], save_model: ['保存模型', 'model saved'], saved: ['保存', 'saved'],
  score: ['评分', 'score'], search_protected: ['敏感条件查询', 'protected search'], sent: ['已发送', 'sent'], sessions_ended: ['会话已结束', 'sessions ended'],
  set_jwks: ['设置公钥', 'JWKS set'], status: ['状态变更', 'status changed'], submitted: ['提交', 'submitted'], suppressed: ['未发送', 'suppressed'],
  transfer: ['移交', 'transferred'], update: ['修改', 'updated'], upload: ['上传', 'uploaded'], uploaded: ['上传', 'uploaded'],
  verify: ['核验', 'verified'], verify_override: ['强制审核', 'verified with override'], verify_public: ['公开核验', 'public verification'],
  view: ['查看', 'viewed'], xlsx: ['Excel', 'Excel'], json: ['JSON', 'JSON'], md: ['Markdown', 'Markdown'],
  reset_password: ['重置密码', 'password reset'], unlock: ['解锁', 'unlocked'], profile: ['修改资料', 'profile edited'], move: ['调动', 'moved'],
};

/** What an entry is about (its `target_type`, a model's or a GraphQL type's name), in words. */
const TARGET_TYPES: Record<string, Pair> = {
  Address: ['地址', 'Address'], Application: ['授信申请', 'Application'], BankLogo: ['行徽', 'Bank logo'], Customer: ['客户档案', 'Archive'],
  CustomerImage: ['影像', 'Image'], EcifRecord: ['ECIF 记录', 'ECIF record'], ExtraFieldDefinition: ['扩展字段', 'Extra field'],
  Household: ['家庭信息', 'Household'], ImportBatch: ['导入批次', 'Import batch'], Loan: ['贷款', 'Loan'], Mobile: ['手机号', 'Mobile'],
  OAuthClient: ['接入方', 'Client'], OrgUnit: ['机构', 'Org unit'], PendingChange: ['复核申请', 'Pending change'],
  ProcessDefinition: ['审批流程', 'Process'], Product: ['产品', 'Product'], Quota: ['授信额度', 'Quota'], RuleSet: ['规则集', 'Rule set'],
  Scorecard: ['评分卡', 'Scorecard'], SegmentModel: ['营销模型', 'Marketing model'], SmsMessage: ['短信', 'SMS'],
  Social: ['社会信息', 'Social'], StaffUser: ['员工', 'Staff'], warehouse_import: ['数仓导入', 'Warehouse import'],
};

/** The words of an entry's target type, or null when not known (the caller shows it as written). */
export function auditTargetLabel(targetType: string, locale: Locale): string | null {
  const words = TARGET_TYPES[targetType];
  return words ? words[locale === 'zh' ? 0 : 1] : null;
}

/** An archive field's label (`birthDate`, or `birth_date` as ECIF's lookup writes it), or null
 * where the PC has none (the caller shows the name as written). */
export function fieldLabel(name: string, locale: Locale): string | null {
  const key = `field.${name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
  return key in zh ? (locale === 'zh' ? zh : en)[key as MessageKey] : null;
}

/** The words of an action, or null when a part is not known (the caller shows the action as written). */
export function auditActionLabel(action: string, locale: Locale): string | null {
  const i = locale === 'zh' ? 0 : 1;
  const [domain, ...rest] = action.split('.');
  const verb = rest.join('.');
  const d = DOMAINS[domain];
  if (!d) return null;
  if (!verb) return d[i];
  const v = VERBS[verb.toLowerCase()];
  return v ? `${d[i]} · ${v[i]}` : null;
}

const KEYS: Record<string, Pair> = {
  to: ['新值', 'to'], from: ['原值', 'from'], was: ['原值', 'was'], previous: ['原值', 'previous'], reason: ['原因', 'reason'],
  amount: ['金额', 'amount'], outstanding: ['余额', 'outstanding'], number: ['编号', 'number'], process: ['流程', 'process'], product: ['产品', 'product'],
  rows: ['行数', 'rows'], subject: ['数据类别', 'subject'], rejected: ['拒绝', 'rejected'], unmatched: ['未匹配', 'unmatched'], businessDate: ['业务日期', 'business date'],
  event: ['事件', 'event'], providerId: ['短信平台编号', 'provider id'], version: ['版本', 'version'], name: ['名称', 'name'], kind: ['类型', 'kind'],
  code: ['代码', 'code'], scope: ['范围', 'scope'], roles: ['角色', 'roles'], previousRoles: ['原角色', 'previous roles'], username: ['用户名', 'username'],
  requestedBy: ['发起人', 'requested by'], verdict: ['核验结论', 'verdict'], term: ['期限', 'term'], status: ['状态', 'status'], rules: ['规则', 'rules'],
  method: ['方式', 'method'], level: ['层级', 'level'], fields: ['字段', 'fields'], bank: ['法人行社', 'bank'], bytes: ['字节', 'bytes'],
  count: ['数量', 'count'], archives: ['档案数', 'archives'], channel: ['渠道', 'channel'], quarter: ['季度', 'quarter'], grade: ['等级', 'grade'],
  until: ['截至', 'until'], since: ['起始', 'since'], validTo: ['有效期至', 'valid to'], rateBp: ['利率（基点）', 'rate (bp)'], toBranch: ['转入网点', 'to branch'],
  fromManagers: ['原管户经理', 'from managers'], outcome: ['结果', 'outcome'], target: ['对象', 'target'], source: ['来源', 'source'], filter: ['筛选条件', 'filter'],
  truncated: ['已截断', 'truncated'], found: ['找到', 'found'], active: ['有效', 'active'], items: ['评分项', 'items'], changed: ['已变更', 'changed'],
  width: ['宽', 'width'], height: ['高', 'height'], failed_rows: ['失败行', 'failed rows'], ecifCustomerNo: ['ECIF 客户号', 'ECIF no.'],
  platformLoanId: ['平台贷款号', 'platform loan id'], quota: ['额度', 'quota'], application: ['申请', 'application'], account: ['账户', 'account'],
  unlocked: ['解除锁定', 'unlocked'], sessionsEnded: ['结束的会话', 'sessions ended'], mobile: ['手机号码', 'mobile'],
  by: ['查询条件', 'searched by'], changes: ['变更', 'changes'], client_id: ['接入方', 'client'], customer_id: ['客户档案', 'archive'],
  deleted_at: ['删除时间', 'deleted at'], employee_no: ['工号', 'employee no.'], failed: ['失败', 'failed'], file_name: ['文件名', 'file name'],
  form_image_ref: ['授权书影像', 'consent form image'], idNumber: ['身份证号码', 'ID number'], ids: ['档案编号', 'archive ids'],
  imported: ['已导入', 'imported'], key: ['流程标识', 'key'], note: ['备注', 'note'], on: ['日期', 'on'], org_unit_id: ['机构编号', 'org unit id'],
  otherBank: ['他行客户', 'other bank'], purge_after: ['清除时间', 'purge after'], quotas: ['额度', 'quotas'], required: ['必填', 'required'],
  revoked_refresh_tokens: ['吊销的登录凭据', 'refresh tokens revoked'], family_id: ['凭据系列', 'token family'], kids: ['公钥编号', 'key ids'],
  scopes: ['权限范围', 'scopes'], seq: ['序号', 'sequence'], sha256: ['文件摘要', 'SHA-256'], skipped: ['跳过', 'skipped'],
};
/** Detail keys whose values are identifiers staff search by (a product's or a process's code, a
 * rule's code, a scorecard item's code): shown as written, not translated. */
export const IDENTIFIER_KEYS = new Set(['product', 'process', 'code', 'rules', 'items', 'number', 'providerId', 'platformLoanId', 'ecifCustomerNo', 'key']);
/** Detail keys whose numbers are money in fen. */
const MONEY = new Set(['amount', 'outstanding', 'quota', 'available']);

/** The enum a detail value belongs to, by its key (and, where the key is generic, the action's
 * domain): DISABLED is 已停用 for a staff member and 残疾 for a health status. */
const ENUM_OF_KEY: Record<string, EnumName | Record<string, EnumName>> = {
  to: { staff_user: 'StaffStatus', quota: 'QuotaStatus', customer: 'ArchiveStatus' },
  from: { staff_user: 'StaffStatus', quota: 'QuotaStatus', customer: 'ArchiveStatus' },
  status: { staff_user: 'StaffStatus', quota: 'QuotaStatus', customer: 'ArchiveStatus', loan: 'LoanStatus', sms: 'TextMessageStatus', org_unit: 'OrgStatus' },
  roles: 'Role', previousRoles: 'Role', level: 'OrgLevel', scope: 'OrgLevel', subject: 'WarehouseSubject', verdict: 'ImageVerdict', channel: 'Channel',
  event: 'TextMessageEvent', method: 'RepaymentMethod', kind: { image: 'ImageKind', customer: 'ChangeKind', dual_control: 'ChangeKind' }, fieldKind: 'ExtraFieldKind',
};

/** Values that are not a schema enum's, by the action's domain and the detail's key: an image
 * verification's reason (backend/images/service.py), a refused sign-in's reason and factor
 * (backend/auth/service.py), a text message's reason for not being sent (backend/notifications). */
const DOMAIN_VALUES: Record<string, Record<string, Record<string, Pair>>> = {
  image: {
    reason: {
      ISSUED_FILE: ['与签发文件一致', 'the issued file'], SIGNATURE_INVALID: ['签名无效', 'signature invalid'],
      C2PA_INVALID: ['溯源信息校验失败', 'provenance invalid'], NOT_THE_ISSUED_FILE: ['不是签发的文件', 'not the issued file'],
      NOT_ISSUED_BY_CIC: ['非本平台签发', 'not issued by CIC'], ORIGINAL_UPLOAD: ['上传原图', 'original upload'],
      NO_PROVENANCE: ['无溯源信息', 'no provenance'],
    },
  },
  auth: {
    reason: {
      locked: ['账户已临时锁定', 'account locked'], pending_approval: ['账户待复核', 'account pending approval'],
      disabled: ['账户已停用', 'account disabled'], bad_credentials: ['用户名或密码错误', 'wrong username or password'],
      fingerprint_mismatch: ['指纹不匹配', 'fingerprint mismatch'], fingerprint_not_enrolled: ['未登记指纹', 'no fingerprint enrolled'],
    },
    method: { PASSWORD: ['密码', 'password'], FINGERPRINT: ['指纹', 'fingerprint'] },
  },
  sms: { reason: { NO_MOBILE: ['无手机号码', 'no mobile number'], OPTED_OUT: ['客户已退订', 'opted out'] } },
};

function enumWord(key: string, domain: string, value: string, locale: Locale): string | null {
  const named = ENUM_OF_KEY[key];
  const enumName = typeof named === 'string' ? named : named?.[domain];
  const pick = (label: readonly [string, string] | undefined) => (label ? label[locale === 'zh' ? 0 : 1] : null);
  const named_ = enumName ? pick(ENUM_LABELS[enumName]?.[value]) : null;
  if (named_) return named_;
  // An extra field's kind (customer.extra_field) shares the key `kind` with a change's kind.
  if (key === 'kind' && ENUM_LABELS.ExtraFieldKind?.[value]) return pick(ENUM_LABELS.ExtraFieldKind[value]);
  // Otherwise only a value with one meaning across the schema's enums.
  const words = new Set(Object.values(ENUM_LABELS).map((labels) => pick(labels[value])).filter((w): w is string => w !== null));
  return words.size === 1 ? [...words][0] : null;
}

function valueWords(key: string, value: unknown, locale: Locale, domain = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return locale === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'number') return MONEY.has(key) ? formatYuan((value / 100).toFixed(2)) : value.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');
  // A pending change's target, written `Type:id` (dual_control): the type in words.
  if (key === 'target' && typeof value === 'string' && /^\w+:/.test(value)) {
    const [type, ...id] = value.split(':');
    const words = auditTargetLabel(type, locale);
    if (words) return `${words} ${id.join(':')}`;
  }
  if (key === 'fields' && typeof value === 'string') return fieldLabel(value, locale) ?? value; // an archive's field names
  const own = typeof value === 'string' ? DOMAIN_VALUES[domain]?.[key]?.[value] : undefined;
  if (own) return own[locale === 'zh' ? 0 : 1];
  if (typeof value === 'string') return /^[A-Z][A-Z0-9_]*$/.test(value) ? (enumWord(key, domain, value, locale) ?? value) : value;
  if (Array.isArray(value)) return value.map((v) => valueWords(key, v, locale, domain)).join(locale === 'zh' ? '、' : ', ');
  const words = auditDetailWords(value as Record<string, unknown>, locale, domain);
  return words.length ? words.map(([k, v]) => `${k}：${v}`).join('；') : '—';
}

/** A detail object as (label, value) pairs in words; `action` (or its domain) picks the enums of
 * generic keys such as `to` and `status`. */
export function auditDetailWords(detail: Record<string, unknown> | null | undefined, locale: Locale, action = ''): [string, string][] {
  if (!detail || typeof detail !== 'object') return [];
  const domain = action.split('.')[0];
  return Object.entries(detail).map(([key, value]) => [KEYS[key]?.[locale === 'zh' ? 0 : 1] ?? key, valueWords(key, value, locale, domain)]);
}
