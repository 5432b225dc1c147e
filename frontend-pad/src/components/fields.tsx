// Form building blocks: a labelled field with its error, and text / choice / switch controls
// bound to a path of the draft. Big touch targets (see styles.css), ids for the browser tests.
// A field carries its error key (`data-field`): the form marks it touched when the manager leaves
// it, and from then on its device checks show under it as the manager types (src/lib/validate.ts,
// liveErrors). Choice groups offer the shared table's values (src/lib/options.ts).
import type { ReactNode } from 'react';
import { Input, Selector, Switch, TextArea } from 'antd-mobile';
import { useI18n } from '../i18n';
import { optionValues, type OptionGroup } from '../lib/options';

export type Path = (string | number)[];

export function idOf(path: Path): string {
  return 'f-' + path.join('-');
}

/** The error key of a path (`familyMembers.0.idNumber`), as errorKey() makes it of the server's. */
export function keyOf(path: Path): string {
  return path.join('.');
}

/** A labelled field. With `htmlFor` (the id of the input inside) the label is a real <label>: a
 * screen reader names the input by it and a tap on it focuses the input. */
export function Field({ label, error, children, wide, hint, warning, required, testId, fieldKey, htmlFor }: { label: string; error?: string; children: ReactNode; wide?: boolean; hint?: ReactNode; warning?: ReactNode; required?: boolean; testId?: string; fieldKey?: string; htmlFor?: string }) {
  const Label = htmlFor ? 'label' : 'span';
  return (
    <div className={`field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`} data-testid={testId} data-field={fieldKey}>
      <Label className="field-label" htmlFor={htmlFor}>
        {label}
        {required && <span className="required">*</span>}
      </Label>
      <div className="field-control">{children}</div>
      {hint && !error && <div className="field-hint">{hint}</div>}
      {warning && (
        <div className="field-warning" role="status" data-testid="field-warning">
          {warning}
        </div>
      )}
      {error && (
        <div className="field-error" role="alert" data-testid="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

export interface Binder {
  get: (path: Path) => unknown;
  set: (path: Path, value: unknown) => void;
  error: (path: Path) => string | undefined;
}

export function TextField({ b, path, label, wide, inputMode, required, multiline, placeholder, hint, warning, onBlur }: { b: Binder; path: Path; label?: string; wide?: boolean; inputMode?: 'numeric' | 'decimal' | 'tel' | 'text'; required?: boolean; multiline?: boolean; placeholder?: string; hint?: ReactNode; warning?: ReactNode; onBlur?: () => void }) {
  const { label: fieldLabel } = useI18n();
  const name = label ?? fieldLabel(path.filter((p) => typeof p === 'string').join('.'));
  const value = (b.get(path) as string | null | undefined) ?? '';
  return (
    <Field label={name} error={b.error(path)} wide={wide} required={required} hint={hint} warning={warning} fieldKey={keyOf(path)} htmlFor={idOf(path)}>
      {multiline ? (
        <TextArea id={idOf(path)} value={value} onChange={(v) => b.set(path, v)} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={placeholder} />
      ) : (
        <Input id={idOf(path)} value={value} onChange={(v) => b.set(path, v)} inputMode={inputMode} clearable placeholder={placeholder} onBlur={onBlur} />
      )}
    </Field>
  );
}

export function ChoiceField({ b, path, group, label, wide, required, hint, allowNone = true }: { b: Binder; path: Path; group: OptionGroup; label?: string; wide?: boolean; required?: boolean; hint?: ReactNode; allowNone?: boolean }) {
  const { label: fieldLabel, enumLabel } = useI18n();
  const name = label ?? fieldLabel(path.filter((p) => typeof p === 'string').join('.'));
  const value = b.get(path) as string | null;
  const options = optionValues(group);
  return (
    <Field label={name} error={b.error(path)} wide={wide} required={required} hint={hint} fieldKey={keyOf(path)}>
      <div id={idOf(path)} data-value={value ?? ''} role="group" aria-label={name}>
        <Selector
          columns={Math.min(options.length, 4)}
          options={options.map((o) => ({ label: enumLabel(group, o), value: o }))}
          value={value ? [value] : []}
          onChange={(v) => {
            if (v.length) b.set(path, v[0]);
            else if (allowNone) b.set(path, null);
          }}
        />
      </div>
    </Field>
  );
}

export function SwitchField({ b, path, label }: { b: Binder; path: Path; label?: string }) {
  const { label: fieldLabel } = useI18n();
  const name = label ?? fieldLabel(path.filter((p) => typeof p === 'string').join('.'));
  return (
    <Field label={name} error={b.error(path)} fieldKey={keyOf(path)}>
      <Switch checked={!!b.get(path)} onChange={(v) => b.set(path, v)} aria-label={name} />
    </Field>
  );
}
