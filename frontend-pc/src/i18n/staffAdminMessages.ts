// The strings of staff administration on 机构与用户 (reset a password, unlock, correct a name or
// phone, move to another unit), merged into messages.ts; the same keys in both languages. Error
// codes are labelled by @cic/shared/labels.

export const staffAdminZh = {
  'org.more': '更多',
  'org.locked': '已锁定',
  'org.lockedUntil': '登录失败次数过多，锁定至 {until}',
  'org.unlock': '解锁',
  'org.unlockConfirm': '解除该账户的登录锁定？解锁后员工可立即用原密码登录。',
  'org.unlocked': '已解锁',
  'org.editProfile': '修改资料',
  'org.phoneKeep': '留空则不修改（当前：{phone}）',
  'org.resetPassword': '重置密码',
  'org.newPassword': '临时密码',
  'org.confirmPassword': '再次输入临时密码',
  'org.passwordMismatch': '两次输入的密码不一致',
  'org.passwordRule': '至少8位，且须同时包含字母和数字',
  'org.resetHint': '重置后该员工的所有登录会话立即失效，账户锁定一并解除。请当面或通过安全渠道将临时密码告知本人。',
  'org.passwordReset': '密码已重置',
  'org.move': '调动',
  'org.moveTo': '调入机构',
  'org.moveHint': '只能调入您管理范围内、未撤销且允许其角色的机构。其名下档案和提醒留在原机构，请另行移交。',
  'org.moved': '已调动至 {unit}',
};

export const staffAdminEn: Record<keyof typeof staffAdminZh, string> = {
  'org.more': 'More',
  'org.locked': 'Locked',
  'org.lockedUntil': 'Too many failed logins: locked until {until}',
  'org.unlock': 'Unlock',
  'org.unlockConfirm': 'Lift the login lock of this account? The user can log in with their password at once.',
  'org.unlocked': 'Unlocked',
  'org.editProfile': 'Edit profile',
  'org.phoneKeep': 'Leave empty to keep (now: {phone})',
  'org.resetPassword': 'Reset password',
  'org.newPassword': 'Temporary password',
  'org.confirmPassword': 'Temporary password again',
  'org.passwordMismatch': 'The passwords differ',
  'org.passwordRule': '8+ characters with letters and digits',
  'org.resetHint': 'All sessions of this user end at once and the account is unlocked. Hand the temporary password over in person or through a safe channel.',
  'org.passwordReset': 'Password reset',
  'org.move': 'Move',
  'org.moveTo': 'Move to',
  'org.moveHint': 'Only to an open unit of your part of the organization where the roles are allowed. Their archives and reminders stay with the old unit: hand them over separately.',
  'org.moved': 'Moved to {unit}',
};
