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
    colorPrimaryHover: '#0b6b50', // darker, not lighter, under the pointer: white on it 6.5:1
    borderRadius: 6,
    fontSize: 14,
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)', // secondary Typography, statistic titles, table sorters: 5.5:1
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)', // a select's placeholder is its only label when empty: 4.9:1
    // Status colours carry text (status tags, warning and error texts): dark shades, on the light
    // fills of Ant Design's own palette (derived from a dark base, the fills would be dark too).
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#874d00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorError: '#cf1322',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorInfo: '#0958d9',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorLink: '#0b6b50',
  },
};
