import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { ENUM_LABELS, enumOptions } from '@cic/shared/labels';
import { ChoiceField, type Binder } from '../components/fields';
import { I18nProvider } from '../i18n';
import { ZH } from '../i18n/messages';
import { OPTION_ENUMS, optionValues, type OptionGroup } from './options';

// Every option list of the PAD's form is the shared table's (the PC's): same values, same order,
// same words. Education used to be the PAD's own list.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const GROUPS = Object.keys(OPTION_ENUMS) as OptionGroup[];

describe('the PAD option lists', () => {
  it('are the values of the shared labels, in their order', () => {
    for (const group of GROUPS) expect(optionValues(group)).toEqual(Object.keys(ENUM_LABELS[OPTION_ENUMS[group]]));
    expect(optionValues('education')).toEqual(['NONE', 'PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL', 'COLLEGE', 'BACHELOR', 'POSTGRADUATE']);
  });

  it('are not relabelled by the PAD', () => {
    for (const group of GROUPS) expect((ZH.enums as Record<string, unknown>)[group]).toBeUndefined();
  });

  it('show the shared labels on the form', async () => {
    localStorage.setItem('cic.pad.locale', 'zh');
    for (const group of GROUPS) {
      const host = document.createElement('div');
      document.body.append(host);
      const root = createRoot(host);
      const b: Binder = { get: () => null, set: () => undefined, error: () => undefined };
      await act(async () => root.render(<I18nProvider><ChoiceField b={b} path={['x']} group={group} /></I18nProvider>));
      const shown = [...host.querySelectorAll('.adm-selector-item')].map((el) => el.textContent);
      expect(shown, group).toEqual(enumOptions(OPTION_ENUMS[group], 'zh').map((o) => o.label));
      await act(async () => root.unmount());
      host.remove();
    }
  });
});
