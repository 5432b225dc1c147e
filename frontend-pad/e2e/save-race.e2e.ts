// Typing and saving at any speed loses nothing. On a new archive the manager types the identity
// (which the tablet keeps as its working copy), then mobile, marital status, address line and
// wages, and taps 保存 0, 50, 150 or 450 ms after the last keystroke; then saves once more. Once
// online with a village-like network (400 ms latency, slow links; fields typed while the save is
// on its way), once offline and then back online. The server must end up with every value typed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { apiToken, gql, loginOnTablet, residentId, useTablet, waitingInQueue } from './support';

const baseURL = inject('baseURL');
const DELAYS = [0, 50, 150, 450];

let context: BrowserContext;
let page: Page;

useTablet(baseURL, (tablet) => ({ context, page } = tablet));

beforeAll(async () => {
  await loginOnTablet(page, 'fz1.cm1');
  await page.waitForFunction(() => document.documentElement.dataset.cache === 'ready', null, { timeout: 60_000 });
});

interface Typed {
  delay: number;
  id: string;
  name: string;
  idNumber: string;
  mobile: string;
  line: string;
  wages: string;
  /** typed after the first save (while it syncs, when online) */
  altPhone: string;
  /** typed before the second save */
  remarks: string;
}

function values(phase: number, delay: number, index: number): Omit<Typed, 'id'> {
  const n = phase * 10 + index;
  return {
    delay,
    name: `${phase === 1 ? '田' : '池'}${'一二三四'[index]}号`,
    idNumber: residentId('350102', `1986${String(phase).padStart(2, '0')}${String(10 + index)}`, 700 + n),
    mobile: `1385901${String(2000 + n).padStart(4, '0')}`,
    line: `溪口村${n}组${delay}号`,
    wages: String(36000 + n * 100),
    altPhone: `1376602${String(3000 + n).padStart(4, '0')}`,
    remarks: `第二次保存 ${n}`,
  };
}

/** The form's working copy, up to the last keystroke, is on the tablet: what the old auto-save
 * had written when the stale copy came back. */
async function workingCopyStored(): Promise<void> {
  await page.waitForFunction(() => {
    const form = document.querySelector<HTMLElement>('[data-testid=archive-page]');
    return !!form && Number(form.dataset.stored) > 0 && form.dataset.stored === form.dataset.revision;
  });
}

/** The last save is done: the draft on the tablet is the form as it is now. */
async function savedAsShown(): Promise<void> {
  await page.waitForFunction(() => {
    const form = document.querySelector<HTMLElement>('[data-testid=archive-page]');
    return !!form && form.dataset.saved === form.dataset.revision && form.dataset.dirty === 'false';
  });
}

/** Online, the first save's createArchive is held back until the manager has typed on: the
 * answer lands while the form has edits the save did not carry. */
let heldCreate: { caught: Promise<void>; release: () => void } | null = null;

async function holdNextCreate(): Promise<void> {
  let caught!: () => void;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  heldCreate = { caught: new Promise<void>((resolve) => (caught = resolve)), release };
  await page.route('**/graphql', async (route) => {
    if (!route.request().postData()?.includes('mutation CreateArchive')) return route.fallback();
    caught();
    await gate;
    await page.unroute('**/graphql');
    await route.fallback();
  });
}

async function collect(v: Omit<Typed, 'id'>, online: boolean): Promise<Typed> {
  await page.goto('/pad/');
  await page.getByTestId('new-archive').click();
  await page.waitForURL(/\/archives\/[0-9a-f-]{36}\?new=1$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.locator('#f-name').fill(v.name);
  await page.locator('#f-idNumber').fill(v.idNumber);
  await page.getByTestId('id-long-term').click();
  await workingCopyStored();
  await page.locator('#f-mobile').fill(v.mobile);
  await page.locator('#f-maritalStatus .adm-selector-item', { hasText: '已婚' }).click();
  await page.locator('#f-address-line').fill(v.line);
  await page.locator('#f-income-wages').fill(v.wages);
  // The delay between the last keystroke and the tap is what this test is about.
  if (online) await holdNextCreate();
  if (v.delay > 0) await page.waitForTimeout(v.delay);
  await page.getByTestId('save-archive').click();
  await page.waitForURL((url) => url.pathname.endsWith(id) && !url.search.includes('new=1'));
  // Typed right after the tap: online, the save is on its way to the server meanwhile.
  await page.locator('#f-altPhone').fill(v.altPhone);
  if (online) {
    await heldCreate!.caught;
    expect(await page.getByTestId('form-version').count()).toBe(0); // the answer has not landed
    heldCreate!.release();
    await expect.poll(() => page.getByTestId('form-version').textContent(), { timeout: 60_000 }).toBe('版本 1');
  }
  for (const [field, value] of [['#f-mobile', v.mobile], ['#f-address-line', v.line], ['#f-altPhone', v.altPhone]] as const) {
    expect(await page.locator(field).inputValue(), `${field} after the first save (${v.delay} ms)`).toBe(value);
  }
  // The server writes amounts with two decimals; the form takes that once the save has landed.
  expect(Number(await page.locator('#f-income-wages').inputValue())).toBe(Number(v.wages));
  expect(await page.locator('#f-maritalStatus').getAttribute('data-value')).toBe('MARRIED');
  await page.locator('#f-social-remarks').fill(v.remarks);
  await page.getByTestId('save-archive').click();
  await savedAsShown();
  if (online) await expect.poll(() => page.getByTestId('form-version').textContent(), { timeout: 60_000 }).toBe('版本 2');
  return { ...v, id };
}

async function expectOnServer(archives: Typed[], version: number): Promise<void> {
  const token = await apiToken(baseURL, 'fz1.cm1');
  for (const a of archives) {
    const data = await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { version name mobile altPhone maritalStatus address { line } income { wages } social { remarks } } }', { id: a.id });
    const c = data.customer;
    expect({ ...c, income: { wages: Number(c.income.wages) } }, `saved ${a.delay} ms after the last keystroke`).toEqual({
      version,
      name: a.name,
      mobile: a.mobile,
      altPhone: a.altPhone,
      maritalStatus: 'MARRIED',
      address: { line: a.line },
      income: { wages: Number(a.wages) },
      social: { remarks: a.remarks },
    });
  }
}

async function queueEmpty(): Promise<void> {
  await expect.poll(() => waitingInQueue(page), { timeout: 90_000 }).toBe(0);
}

describe('saving right after typing', () => {
  let cdp: CDPSession | undefined;

  afterAll(async () => {
    // Its network conditions would override the context's offline switch.
    await cdp?.detach().catch(() => undefined);
  });

  it('online with village latency: every value typed reaches the server', async () => {
    cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 64 * 1024, uploadThroughput: 32 * 1024 });
    const typed: Typed[] = [];
    for (const [i, delay] of DELAYS.entries()) {
      typed.push(await collect(values(1, delay, i), true));
      await queueEmpty();
    }
    await expectOnServer(typed, 2);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    cdp = undefined;
  });

  it('offline, then back online: every value typed reaches the server', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-state').getAttribute('data-online')).toBe('false');
    const typed: Typed[] = [];
    for (const [i, delay] of DELAYS.entries()) typed.push(await collect(values(2, delay, i), false));
    const token = await apiToken(baseURL, 'fz1.cm1');
    for (const a of typed) expect((await gql(baseURL, token, 'query($id: ID!) { customer(id: $id) { id } }', { id: a.id })).customer).toBeNull();
    await context.setOffline(false);
    await queueEmpty();
    await expectOnServer(typed, 1);
  });
});
