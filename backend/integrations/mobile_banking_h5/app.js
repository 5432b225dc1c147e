// The demo mobile bank's H5 page (cic simulate mobile-banking; docs/channels.md). It talks only to
// its own server (/api/...), which holds the customer's CIC token and forwards GraphQL to CIC.
'use strict';

const LABELS = {
  archive: { DRAFT: '草稿', SUBMITTED: '审核中', RETURNED: '已退回', VERIFIED: '已审核', ARCHIVED: '已归档' },
  application: { IN_APPROVAL: '审批中', RETURNED: '退回补充资料', APPROVED: '已批准', REJECTED: '未通过', WITHDRAWN: '已撤回' },
  quota: { ACTIVE: '可用', FROZEN: '已冻结', EXPIRED: '已过期', REVOKED: '已撤销' },
  loan: { REQUESTED: '已提交', ACCEPTED: '放款处理中', DISBURSED: '已放款', OVERDUE: '已逾期', CLOSED: '已结清', REFUSED: '未成功' },
  repayment: { EQUAL_INSTALLMENT: '等额本息', EQUAL_PRINCIPAL: '等额本金', INTEREST_FIRST: '按月付息、到期还本', BULLET: '利随本清' },
};
const PENDING_LOANS = ['REQUESTED', 'ACCEPTED'];
const DRAW_TERMS = [3, 6, 12, 24, 36, 60];

const MY = `{ myBanking { customerName bankName
  filing { status precise missing branchName managerName }
  products { id code name description amountMin amountMax terms rateMin rateMax repaymentMethods eligible reasons recommendedQuota }
  quotas { id productName status amount usedAmount reservedAmount availableAmount term rate repaymentMethod validTo }
  applications { id number productName status amount term approvedAmount createdAt }
  loans { id number status amount term rate account disbursedAmount outstanding overdueDays reason createdAt } } }`;
const APPLY = `mutation($i: ApplyForQuotaInput!) { applyForQuota(input: $i) {
  application { id number status amount productName } errors { field code message } } }`;
const DRAW = `mutation($i: DrawdownInput!) { drawDown(input: $i) {
  loan { id number status amount } errors { field code message } } }`;

const $ = (id) => document.getElementById(id);
let pollTimer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace a node's children, leaving out the null/false of conditional parts. */
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function yuan(value) {
  const n = Number(value);
  return Number.isFinite(n) ? `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : '-';
}

function label(kind, value) {
  return LABELS[kind][value] || '未知';
}

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 3000);
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  let data = {};
  try { data = await response.json(); } catch { /* an empty or non-JSON answer */ }
  if (response.status === 401 && path === '/api/graphql') {
    showLogin(data.message || '登录已过期，请重新登录');
    throw new Error('logged out');
  }
  if (!response.ok && !data.data) throw new Error(data.message || '服务暂时不可用，请稍后再试');
  return data;
}

async function gql(query, variables) {
  const data = await api('/api/graphql', { query, variables });
  if (data.errors && data.errors.length) {
    const ext = data.errors[0].extensions || {};
    throw new Error(ext.messageZh || '请求未能完成，请稍后再试');
  }
  return data.data;
}

// -- login ---------------------------------------------------------------------------------------

async function showLogin(message) {
  stopPolling();
  $('home').hidden = true;
  $('logout').hidden = true;
  $('bank').textContent = '手机银行（演示）';
  $('login').hidden = false;
  const error = $('login-error');
  error.hidden = !message;
  error.textContent = message || '';
  const select = $('customer');
  fill(select, el('option', { value: '' }, '加载中…'));
  try {
    const { customers } = await api('/api/customers');
    fill(select, ...(customers.length
      ? customers.map((c) => el('option', { value: c.key }, c.label))
      : [el('option', { value: '' }, '没有演示客户，请用身份证号登录')]));
  } catch (e) {
    fill(select, el('option', { value: '' }, '演示客户加载失败'));
  }
}

async function login(body) {
  const error = $('login-error');
  error.hidden = true;
  try {
    await api('/api/login', body);
    await showHome();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

// -- home ----------------------------------------------------------------------------------------

function stopPolling() {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

async function showHome() {
  stopPolling();
  let my;
  try {
    my = (await gql(MY)).myBanking;
  } catch (e) {
    if (e.message !== 'logged out') toast(e.message);
    return;
  }
  $('login').hidden = true;
  $('home').hidden = false;
  $('logout').hidden = false;
  $('bank').textContent = `${my.bankName} 手机银行`;
  $('greeting').textContent = `您好，${my.customerName || '客户'}`;
  renderFiling(my.filing);
  renderQuotas(my.quotas);
  renderProducts(my.products);
  renderApplications(my.applications);
  renderLoans(my.loans);
  if (my.loans.some((l) => PENDING_LOANS.includes(l.status))) pollTimer = setTimeout(showHome, 2000);
}

function renderFiling(f) {
  fill($('filing'),
    el('div', { class: 'row' },
      el('span', {}, `档案状态：${label('archive', f.status)}`),
      el('span', { class: f.precise ? 'tag' : 'tag warn', 'data-testid': 'mb-precise' }, f.precise ? '建档精准' : '建档未精准')),
    f.missing.length ? el('div', { class: 'muted' }, '还需完善：', el('ul', {}, f.missing.map((m) => el('li', {}, m)))) : null,
    el('div', { class: 'muted' }, `归属网点：${f.branchName}`, f.managerName ? `，客户经理：${f.managerName}` : ''),
  );
}

function renderQuotas(quotas) {
  fill($('quotas'), ...(quotas.length ? quotas.map((q, i) => el('div', { class: 'item', 'data-testid': `mb-quota-${i}`, 'data-product': q.productName },
    el('div', { class: 'row' }, el('strong', {}, q.productName), el('span', { class: q.status === 'ACTIVE' ? 'tag' : 'tag warn' }, label('quota', q.status))),
    el('div', { class: 'muted' }, '可用额度'),
    el('div', { class: 'big', 'data-testid': `mb-quota-available-${i}` }, yuan(q.availableAmount)),
    el('div', { class: 'row muted' }, el('span', {}, `授信额度 ${yuan(q.amount)}`), el('span', {}, `已用 ${yuan(q.usedAmount)}`)),
    Number(q.reservedAmount) > 0 ? el('div', { class: 'muted' }, `放款处理中 ${yuan(q.reservedAmount)}`) : null,
    el('div', { class: 'row muted' }, el('span', {}, `年利率 ${q.rate}%，${label('repayment', q.repaymentMethod)}`), el('span', {}, `有效期至 ${q.validTo}`)),
    q.status === 'ACTIVE' && Number(q.availableAmount) > 0
      ? el('button', { class: 'primary', 'data-testid': `mb-draw-${i}`, onclick: () => openDraw(q) }, '借款（用信）') : null,
  )) : [el('p', { class: 'muted' }, '暂无额度。可在下方申请贷款产品。')]));
}

function renderProducts(products) {
  fill($('products'), ...(products.length ? products.map((p) => el('div', { class: 'item', 'data-testid': `mb-product-${p.code}` },
    el('div', { class: 'row' }, el('strong', {}, p.name), el('span', { class: p.eligible ? 'tag' : 'tag warn' }, p.eligible ? '可申请' : '暂不可申请')),
    p.description ? el('div', { class: 'muted' }, p.description) : null,
    el('div', { class: 'muted' }, `额度 ${yuan(p.amountMin)} - ${yuan(p.amountMax)}，期限 ${p.terms.join('/')} 个月，年利率 ${p.rateMin}% - ${p.rateMax}%`),
    p.recommendedQuota ? el('div', {}, '根据您的评级，推荐额度 ', el('strong', {}, yuan(p.recommendedQuota))) : null,
    p.eligible
      ? el('button', { class: 'primary', 'data-testid': `mb-apply-${p.code}`, onclick: () => openApply(p) }, '立即申请')
      : el('ul', { class: 'muted' }, p.reasons.map((r) => el('li', {}, r))),
  )) : [el('p', { class: 'muted' }, '您的开户行暂未通过手机银行提供贷款产品。')]));
}

function renderApplications(apps) {
  fill($('applications'), ...(apps.length ? apps.map((a) => el('div', { class: 'item' },
    el('div', { class: 'row' }, el('strong', {}, a.productName), el('span', { class: a.status === 'REJECTED' ? 'tag bad' : 'tag' }, label('application', a.status))),
    el('div', { class: 'row muted' }, el('span', {}, `申请编号 ${a.number}`), el('span', {}, `${yuan(a.amount)}，${a.term} 个月`)),
  )) : [el('p', { class: 'muted' }, '暂无申请。')]));
}

function renderLoans(loans) {
  fill($('loans'), ...(loans.length ? loans.map((l, i) => el('div', { class: 'item', 'data-testid': `mb-loan-${i}` },
    el('div', { class: 'row' }, el('strong', {}, yuan(l.amount)),
      el('span', { class: l.status === 'REFUSED' || l.status === 'OVERDUE' ? 'tag bad' : 'tag', 'data-testid': `mb-loan-status-${i}` }, label('loan', l.status))),
    el('div', { class: 'row muted' }, el('span', {}, `借据号 ${l.number}`), el('span', {}, `${l.term} 个月，年利率 ${l.rate}%`)),
    el('div', { class: 'row muted' }, el('span', {}, `收款账户 ${l.account}`), el('span', {}, `待还本金 ${yuan(l.outstanding)}`)),
    l.overdueDays ? el('div', { class: 'error' }, `已逾期 ${l.overdueDays} 天`) : null,
    l.status === 'REFUSED' ? el('div', { class: 'muted' }, '放款未成功，额度已恢复；请核对收款账户或联系开户网点。') : null,
  )) : [el('p', { class: 'muted' }, '暂无借款。')]));
}

// -- forms ---------------------------------------------------------------------------------------

function field(name, text, control) {
  control.id = `f-${name}`;
  control.name = name;
  return el('div', { 'data-field': name }, el('label', { for: control.id }, text), control, el('p', { class: 'error', hidden: true }));
}

function select(options, value) {
  return el('select', {}, options.map(([v, t]) => el('option', { value: v, selected: String(v) === String(value) }, t)));
}

let submitForm = null;

function openSheet(title, hint, fields, onSubmit) {
  $('form-title').textContent = title;
  $('form-hint').textContent = hint;
  fill($('fields'), ...fields);
  $('form-error').hidden = true;
  submitForm = onSubmit;
  $('sheet').hidden = false;
}

function closeSheet() {
  $('sheet').hidden = true;
  submitForm = null;
}

function showErrors(errors) {
  for (const box of document.querySelectorAll('#fields [data-field] .error')) box.hidden = true;
  const general = [];
  for (const e of errors) {
    const box = document.querySelector(`#fields [data-field="${CSS.escape(e.field || '')}"] .error`);
    if (box) {
      box.textContent = e.message;
      box.hidden = false;
    } else general.push(e.message);
  }
  $('form-error').textContent = general.join('；');
  $('form-error').hidden = general.length === 0;
}

function value(name) {
  return $(`f-${name}`).value.trim();
}

function openApply(p) {
  const amount = p.recommendedQuota && Number(p.recommendedQuota) <= Number(p.amountMax) ? Number(p.recommendedQuota) : Number(p.amountMin);
  openSheet(`申请${p.name}`, `额度 ${yuan(p.amountMin)} - ${yuan(p.amountMax)}`, [
    field('amount', '申请金额（元）', el('input', { inputmode: 'decimal', value: amount.toFixed(2), 'data-testid': 'mb-amount' })),
    field('term', '期限', select(p.terms.map((t) => [t, `${t} 个月`]), p.terms[0])),
    field('repaymentMethod', '还款方式', select(p.repaymentMethods.map((m) => [m, label('repayment', m)]), p.repaymentMethods[0])),
    field('purpose', '借款用途', el('input', { maxlength: 100, placeholder: '例如：购买化肥、扩大养殖', 'data-testid': 'mb-purpose' })),
  ], async () => {
    const input = { productId: p.id, amount: value('amount'), term: Number(value('term')), repaymentMethod: value('repaymentMethod'),
      purpose: value('purpose'), requestId: crypto.randomUUID() };
    const { applyForQuota: out } = await gql(APPLY, { i: input });
    if (out.errors.length) return showErrors(out.errors);
    closeSheet();
    toast(`申请已提交（${out.application.number}）：${label('application', out.application.status)}`);
    await showHome();
  });
}

function openDraw(q) {
  const terms = DRAW_TERMS.filter((t) => t <= q.term);
  openSheet(`借款：${q.productName}`, `可用额度 ${yuan(q.availableAmount)}，年利率 ${q.rate}%，${label('repayment', q.repaymentMethod)}`, [
    field('amount', '借款金额（元）', el('input', { inputmode: 'decimal', value: Number(q.availableAmount).toFixed(2), 'data-testid': 'mb-amount' })),
    field('term', '借款期限', select(terms.map((t) => [t, `${t} 个月`]), terms[terms.length - 1])),
    field('account', '收款账户（本人银行卡号）', el('input', { inputmode: 'numeric', maxlength: 23, autocomplete: 'off', 'data-testid': 'mb-account' })),
  ], async () => {
    const input = { quotaId: q.id, amount: value('amount'), term: Number(value('term')), account: value('account').replace(/\s/g, ''),
      requestId: crypto.randomUUID() };
    const { drawDown: out } = await gql(DRAW, { i: input });
    if (out.errors.length) return showErrors(out.errors);
    closeSheet();
    toast(`借款申请已提交（借据号 ${out.loan.number}），放款结果将以短信通知`);
    await showHome();
  });
}

// -- wiring --------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-demo').addEventListener('click', () => {
    const key = $('customer').value;
    if (key) login({ key });
  });
  $('login-id').addEventListener('click', () => login({ idNumber: $('id-number').value, bank: $('bank-code').value }));
  $('logout').addEventListener('click', async () => {
    await api('/api/logout', {}).catch(() => undefined);
    showLogin();
  });
  $('refresh').addEventListener('click', showHome);
  $('cancel').addEventListener('click', closeSheet);
  $('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!submitForm) return;
    const button = $('submit');
    button.disabled = true;
    showErrors([]); // what is shown after this answers the latest attempt only
    try {
      await submitForm();
    } catch (e) {
      if (e.message !== 'logged out') showErrors([{ field: '', message: e.message }]);
    } finally {
      button.disabled = false;
    }
  });
  // A session still open (the page reloaded): straight to the home view; else the login.
  api('/api/session').then((d) => (d.loggedIn ? showHome() : showLogin())).catch(() => showLogin());
});
