import type { ThemeConfig } from 'antd';

/**
 * The workbench's Ant Design theme. Beyond the brand colour, every colour that carries text is
 * dark enough for WCAG 2.1 AA (4.5:1 on white and on the light fills around it), which Ant
 * Design's defaults are not: secondary and description text (45 % black, 3.4:1), success and
 * warning text, the error red under white badge digits. The browser tests check each pictured
 * screen with axe-core (e2e-support/screen-audit.ts); tags' preset colours are darkened in
 * a11y.css, as Ant Design has no token for them.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0f7a5c', // white on it: 5.3:1
    borderRadius: 6,
    fontSize: 14,
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)', // secondary Typography, statistic titles, table sorters: 5.5:1
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.5)',
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorError: '#cf1322',
    colorInfo: '#0958d9',
    colorLink: '#0b6b50',
  },
};
