/** The two languages of both front ends: Chinese by default, English on a switch. */
export type Locale = 'zh' | 'en';

/** Fill `{name}` placeholders; unknown ones stay as they are. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
