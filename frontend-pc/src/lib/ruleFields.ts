// The rule field catalog (backend/rules/fields.py) for the rule editor's pickers. The API is the
// judge (UNKNOWN_FIELD, WRONG_TYPE, PRESENCE_ONLY); bank extra fields are `extra.<code>`.
export type RuleFieldType = 'STRING' | 'NUMBER' | 'DATE' | 'BOOLEAN' | 'COUNT';

export interface RuleFieldInfo {
  path: string;
  label: string;
  type: RuleFieldType;
  presenceOnly?: boolean;
}

const RAW =
  'customer.name|姓名|STRING;customer.idNumber|身份证号码|STRING|P;customer.idExpiry|证件有效期|DATE;customer.idLongTerm|证件长期有效|BOOLEAN;customer.idValid|证件有效（长期或有效期已填）|BOOLEAN;customer.gender|性别|STRING;customer.birthDate|出生日期|DATE;customer.age|年龄|NUMBER;customer.ethnicity|民族|STRING;customer.education|文化程度|STRING;customer.maritalStatus|婚姻状况|STRING;customer.health|健康状况|STRING;customer.mobile|手机号码|STRING|P;customer.altPhone|备用电话|STRING|P;customer.status|档案状态|STRING;customer.channel|采集渠道|STRING;address.regionCode|区县|STRING;address.townshipCode|乡镇|STRING;address.villageCode|村|STRING;address.line|详细地址|STRING|P;household.size|家庭人口|NUMBER;household.registerNo|户口簿编号|STRING;familyMembers|家庭成员|COUNT;familyMembers.hasSpouse|配偶信息|BOOLEAN;land.contractedMu|承包土地(亩)|NUMBER;land.rentedMu|流转土地(亩)|NUMBER;land.crops|种植作物|COUNT;livestock|养殖|COUNT;assets|资产|COUNT;assets.totalValue|资产总值(元)|NUMBER;income.farming|种养殖收入(元)|NUMBER;income.business|经营收入(元)|NUMBER;income.wages|工资收入(元)|NUMBER;income.other|其他收入(元)|NUMBER;income.total|年总收入(元)|NUMBER;liabilities|负债|COUNT;liabilities.total|负债总额(元)|NUMBER;liabilities.overdue|有逾期负债|BOOLEAN;business|经营信息|BOOLEAN;business.name|经营实体名称|STRING;business.industry|行业|STRING;business.creditCode|统一社会信用代码|STRING;business.licenceNo|营业执照号|STRING;business.annualTurnover|年营业额(元)|NUMBER;business.employees|从业人数|NUMBER;social.villageCreditRating|村信用评级|STRING;social.remarks|社会评价备注|STRING;consent|客户授权|BOOLEAN;consent.wordingVersion|授权书版本|STRING;consent.formImageRef|授权书影像|STRING';

export const RULE_FIELDS: RuleFieldInfo[] = RAW.split(';').map((entry) => {
  const [path, label, type, flag] = entry.split('|');
  return { path, label, type: type as RuleFieldType, presenceOnly: flag === 'P' };
});

export const RULE_FIELD_OPTIONS = RULE_FIELDS.map((f) => ({ value: f.path, label: `${f.label} · ${f.path}` }));

export const IMAGE_KINDS = ['ID_FRONT', 'ID_BACK', 'HOUSEHOLD_REGISTER', 'HOUSE', 'LAND', 'LIVESTOCK', 'BUSINESS', 'CONSENT_FORM', 'VISIT_PHOTO', 'SIGNATURE', 'OTHER'];
export const CONDITION_OPS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'IN', 'PRESENT', 'ABSENT'] as const;
export const RULE_KINDS = ['REQUIRED', 'PATTERN', 'RANGE', 'ALLOWED_VALUES', 'CONDITIONAL_REQUIRED', 'EXPRESSION', 'ID_CONSISTENCY', 'REQUIRED_IMAGES', 'FRESHNESS'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
