// Quota applications (授信申请) on the tablet: what the manager fills in (a draft), the device's
// checks of it (the server's rules, codes and Chinese messages, as far as the tablet knows the
// product and the recommended quota), and the conversion to `submitApplication`'s input.
//
// Eligibility (precise archive, grade, vetoes, age, region) and the recommended quota are the
// server's: online the form asks `applicationCheck`; offline it shows the last answer it has, or
// the rating cached with the archive. The server checks everything again when the queue sends
// the application, and a refusal comes back onto the application (src/lib/sync.ts).
import type { ApplicationFieldsFragment, ProductFieldsFragment, RepaymentMethod, SubmitApplicationInput } from '../gql/graphql';
import type { FieldError } from './validate';

export type Product = ProductFieldsFragment;
export type ServerApplication = ApplicationFieldsFragment;

export interface ApplicationDraft {
  productId: string;
  productCode: string;
  productName: string;
  /** Yuan as typed (full-width digits and thousands separators allowed); sent as "1234.50". */
  amount: string;
  term: number | null;
  repaymentMethod: RepaymentMethod | null;
  purpose: string;
  overReason: string;
  /** The recommended quota the form showed when it was filled (yuan), null when unknown. */
  recommendedQuota: string | null;
}

export function emptyApplication(product?: Product | null, recommendedQuota: string | null = null): ApplicationDraft {
  return {
    productId: product?.id ?? '',
    productCode: product?.code ?? '',
    productName: product?.name ?? '',
    amount: '',
    term: product?.terms.length === 1 ? product.terms[0] : null,
    repaymentMethod: product?.repaymentMethods.length === 1 ? product.repaymentMethods[0] : null,
    purpose: '',
    overReason: '',
    recommendedQuota,
  };
}

/** Products a manager can apply for on the tablet: on sale and offered on the PAD. */
export function padProducts(products: Product[]): Product[] {
  return products.filter((p) => p.status === 'ACTIVE' && p.channels.includes('PAD'));
}

/** Yuan -> integer fen, exactly (NFKC first: an IME's full-width digits are digits); null when
 * it is not a non-negative amount with at most two decimals. */
export function toFen(value: string | null | undefined): number | null {
  const text = (value ?? '').normalize('NFKC').replace(/[,\s]/g, '');
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Integer fen -> the API's Money ("15000.00"). */
export function fenToMoney(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Whole yuan with thousands separators, as the server writes them in its messages ("17,814"). */
export function yuanText(value: string | number): string {
  const fen = typeof value === 'number' ? value : toFen(value) ?? 0;
  return Math.round(fen / 100).toLocaleString('en-US');
}

/** Characters as the server counts them (code points, not UTF-16 units). */
const length = (s: string) => [...s.trim()].length;

const error = (field: string, code: string, message: string, messageEn: string): FieldError => ({ field, code, message, messageEn });

/**
 * The device's checks, in the server's terms (backend/approvals/service.py: `_check_terms`, the
 * over-reason rule): the field, the code and the Chinese message the server would answer. The
 * server stays the judge (it rates the archive again when the application arrives).
 */
export function validateApplication(draft: ApplicationDraft, product: Product | null | undefined, recommendedQuota: string | null): FieldError[] {
  const errors: FieldError[] = [];
  if (!product || !draft.productId) {
    errors.push(error('productId', 'REQUIRED', '请选择产品', 'choose a product'));
    return errors;
  }
  const amount = toFen(draft.amount);
  const min = toFen(product.amountMin)!;
  const max = toFen(product.amountMax)!;
  if (amount === null) {
    errors.push(error('amount', 'INVALID_MONEY', '金额须为不超过两位小数的非负元数，如"1234.50"', 'money is a yuan string with at most two decimals'));
  } else if (amount < min || amount > max) {
    errors.push(error('amount', 'AMOUNT_OUT_OF_RANGE', `申请金额须在${yuanText(min)}-${yuanText(max)}元之间`, "the amount is outside the product's range"));
  }
  if (draft.term === null || !product.terms.includes(draft.term)) {
    errors.push(error('term', 'TERM_NOT_OFFERED', `期限须为${product.terms.join('、')}个月之一`, 'the product does not offer this term'));
  }
  if (!draft.repaymentMethod || !product.repaymentMethods.includes(draft.repaymentMethod)) {
    errors.push(
      draft.repaymentMethod
        ? error('repaymentMethod', 'REPAYMENT_NOT_OFFERED', '该产品不支持此还款方式', 'the product does not offer this repayment method')
        : error('repaymentMethod', 'REPAYMENT_REQUIRED', '请选择还款方式', 'choose a repayment method'),
    );
  }
  if (length(draft.purpose) < 2 || length(draft.purpose) > 200) {
    errors.push(error('purpose', 'PURPOSE_REQUIRED', '请填写借款用途（2-200字）', 'the purpose takes 2-200 characters'));
  }
  if (overRecommendation(draft, recommendedQuota) && length(draft.overReason) < 5) {
    errors.push(
      error('overReason', 'OVER_REASON_REQUIRED', `申请金额超过推荐额度${yuanText(recommendedQuota!)}元，须说明理由（至少5个字）`, 'an amount above the recommended quota needs a reason of at least 5 characters'),
    );
  }
  return errors;
}

/** The amount is above the recommended quota (the over-reason is required). */
export function overRecommendation(draft: Pick<ApplicationDraft, 'amount'>, recommendedQuota: string | null): boolean {
  const amount = toFen(draft.amount);
  const recommended = toFen(recommendedQuota);
  return amount !== null && recommended !== null && amount > recommended;
}

/** `submitApplication`'s input: the tablet's id (a retry returns the same application), PAD. */
export function toSubmitInput(id: string, customerId: string, draft: ApplicationDraft): SubmitApplicationInput {
  const amount = toFen(draft.amount);
  return {
    id,
    customerId,
    productId: draft.productId,
    // An amount the device could not read is sent as typed: the server answers INVALID_MONEY.
    amount: amount === null ? draft.amount : fenToMoney(amount),
    term: draft.term ?? 0,
    repaymentMethod: draft.repaymentMethod ?? 'EQUAL_INSTALLMENT',
    purpose: draft.purpose.trim(),
    overReason: draft.overReason.trim() || null,
    channel: 'PAD',
    attachmentIds: [],
  };
}

/** The step an application waits at, in words: the names of its open tasks. */
export function currentStep(app: Pick<ServerApplication, 'tasks' | 'process'>): string {
  const open = app.tasks.filter((t) => t.status === 'OPEN' || t.status === 'CLAIMED' || t.status === 'SUSPENDED').map((t) => t.name);
  return open.join('、');
}
