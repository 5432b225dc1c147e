import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { Button, Input } from 'antd';
import { renderWithProviders } from '../test/render';
import { SaveBar } from './SaveBar';
import { leavesForm, sameValues, useUnsavedChanges } from './unsavedChanges';

describe('the save bar', () => {
  it('says whether anything is unsaved, in words, with the test ids of its name', () => {
    renderWithProviders(
      <SaveBar name="archive" dirty status={<span>版本 3</span>}>
        <Button>保存</Button>
      </SaveBar>,
    );
    const bar = screen.getByTestId('archive-save-bar');
    expect(bar).toHaveClass('cic-sticky-bar');
    expect(bar).toHaveAttribute('role', 'region');
    expect(bar).toHaveAccessibleName('保存操作');
    expect(screen.getByTestId('archive-dirty')).toHaveTextContent('有未保存的修改');
    expect(bar).toHaveTextContent('版本 3');
  });

  it('tells "no changes yet" from "saved", and speaks English in the English UI', () => {
    renderWithProviders(
      <>
        <SaveBar name="a" dirty={false}>
          <Button>Save</Button>
        </SaveBar>
        <SaveBar name="b" dirty={false} saved placement="footer">
          <Button>Save</Button>
        </SaveBar>
      </>,
      { locale: 'en' },
    );
    expect(screen.getByTestId('a-clean')).toHaveTextContent('No changes yet');
    expect(screen.getByTestId('b-clean')).toHaveTextContent('All changes saved');
    expect(screen.getByTestId('b-save-bar')).not.toHaveClass('cic-sticky-bar');
    expect(screen.queryByTestId('a-dirty')).toBeNull();
  });

  it('is reached with Tab after the form', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <Input aria-label="姓名" />
        <SaveBar name="x" dirty>
          <Button>取消编辑</Button>
          <Button type="primary">保存档案</Button>
        </SaveBar>
      </>,
    );
    await user.click(screen.getByLabelText('姓名'));
    await user.tab();
    expect(screen.getByRole('button', { name: '取消编辑' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: '保存档案' })).toHaveFocus();
  });
});

describe('unsaved changes', () => {
  it('compare values as staff see them: emptied equals never filled, key order does not count', () => {
    expect(sameValues({ name: '林', note: '' }, { name: '林' })).toBe(true);
    expect(sameValues({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValues({ tags: [] }, { tags: undefined })).toBe(true);
    expect(sameValues({ eligibility: { regions: null } }, {})).toBe(true);
    expect(sameValues({ name: '林' }, { name: '李' })).toBe(false);
    expect(sameValues({ b: [1, 2] }, { b: [2, 1] })).toBe(false);
    expect(sameValues({ points: 0 }, { points: null })).toBe(false);
    expect(sameValues({ on: false }, {})).toBe(false);
  });

  it('leave the form only for another page', () => {
    expect(leavesForm(true, { pathname: '/a' }, { pathname: '/b' })).toBe(true);
    expect(leavesForm(true, { pathname: '/a' }, { pathname: '/a' })).toBe(false);
    expect(leavesForm(false, { pathname: '/a' }, { pathname: '/b' })).toBe(false);
  });

  /** A form loaded with 林: dirty when it differs, "saved" makes the value the new baseline. */
  function Editor() {
    const [loaded, setLoaded] = useState('林');
    const [value, setValue] = useState('林');
    const [open, setOpen] = useState(true);
    const dirty = !sameValues({ value }, { value: loaded });
    const { disarm, confirmLeave } = useUnsavedChanges(dirty);
    return (
      <>
        <Input aria-label="姓名" value={value} onChange={(e) => setValue(e.target.value)} />
        <SaveBar name="t" dirty={dirty}>
          <Button onClick={() => (setLoaded(value), disarm())}>保存修改</Button>
          <Button onClick={() => confirmLeave(() => setOpen(false))}>关闭抽屉</Button>
        </SaveBar>
        {open && <span data-testid="open" />}
        <Link to="/other">其他页</Link>
      </>
    );
  }
  function Where() {
    return <span data-testid="where">{useLocation().pathname}</span>;
  }
  const setup = () =>
    renderWithProviders(
      <>
        <Routes>
          <Route path="/form" element={<Editor />} />
          <Route path="/other" element={<span>其他</span>} />
        </Routes>
        <Where />
      </>,
      { route: '/form' },
    );
  const question = '档案有未保存的修改，离开后将丢失。';

  it('let a clean form go without asking', () => {
    setup();
    fireEvent.click(screen.getByText('其他页'));
    expect(screen.getByTestId('where')).toHaveTextContent('/other');
  });

  it('hold the navigation while dirty until the user chooses', async () => {
    setup();
    const name = screen.getByLabelText('姓名') as HTMLInputElement;
    fireEvent.change(name, { target: { value: '林振华' } });
    expect(screen.getByTestId('t-dirty')).toBeInTheDocument();
    fireEvent.click(screen.getByText('其他页'));
    await screen.findByText(question);
    fireEvent.click(document.getElementById('leave-cancel')!);
    await waitFor(() => expect(screen.queryByText(question)).toBeNull());
    expect(screen.getByTestId('where')).toHaveTextContent('/form');
    expect(name.value).toBe('林振华');
    // Saved: the form is clean, leaving asks nothing.
    fireEvent.click(screen.getByText('保存修改'));
    expect(screen.getByTestId('t-clean')).toBeInTheDocument();
    fireEvent.click(screen.getByText('其他页'));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/other'));
    expect(screen.queryByText(question)).toBeNull();
  });

  it('leave when the user says so', async () => {
    setup();
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '林振华' } });
    fireEvent.click(screen.getByText('其他页'));
    await screen.findByText(question);
    fireEvent.click(document.getElementById('leave-confirm')!);
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/other'));
  });

  it('ask before closing what the router does not see (a drawer), and close once told to', async () => {
    setup();
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '林振华' } });
    fireEvent.click(screen.getByText('关闭抽屉'));
    await screen.findByText(question);
    fireEvent.click(document.getElementById('leave-cancel')!);
    await waitFor(() => expect(screen.queryByText(question)).toBeNull());
    expect(screen.getByTestId('open')).toBeInTheDocument();
    fireEvent.click(screen.getByText('关闭抽屉'));
    await screen.findByText(question);
    fireEvent.click(document.getElementById('leave-confirm')!);
    await waitFor(() => expect(screen.queryByTestId('open')).toBeNull());
  });

  it('warn when the tab closes only while dirty', () => {
    setup();
    const unload = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(unload()).toBe(false);
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '林振华' } });
    expect(unload()).toBe(true);
  });
});
