// Dues collection end to end: finance records a bank transfer against an unpaid dues invoice on the
// invoices page, and the invoice becomes 已缴 — on that page, and live on a colleague's open page.
// A one-off invoice goes to a member company found by typing part of its name or credit code.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stage, WAIT } from './stage.ts';

const s = stage('finance');

describe('dues invoices', () => {
  test('finance records a payment on the invoices page and the invoice becomes 已缴, live for the secretariat too', async () => {
    s.reportFailures('payment');
    const clerk = await s.signIn('finance', 'finance@demo.test');
    await clerk.click('[data-testid=nav-finance]');
    await clerk.waitForURL(/\/finance\/invoices/);
    await clerk.goto(`${s.app.url}/finance/invoices?status=unpaid&kind=dues`);
    const row = clerk.locator('[data-testid=invoices] tbody tr[data-invoice]').first();
    const number = await row.getAttribute('data-invoice');
    expect(number).toMatch(/^\d{4}-\d{4}$/);
    await expect.poll(() => row.locator('[data-testid=invoice-status]').textContent()).toBe('未缴');

    // A colleague in the secretariat has all invoices open.
    const colleague = await s.signIn('secretariat', 'secretariat@demo.test');
    await colleague.goto(`${s.app.url}/finance/invoices`);
    const theirRow = colleague.locator(`[data-testid=invoices] tr[data-invoice="${number}"]`);
    await expect.poll(() => theirRow.locator('[data-testid=invoice-status]').textContent()).toBe('未缴');

    await row.locator('[data-testid=pay-open]').click();
    const form = row.locator('[data-testid=pay-form]');
    await form.locator('select[name=method]').selectOption('bank_transfer');
    await form.locator('input[name=reference]').fill('ICBC20270315-0042');
    await form.locator('[data-testid=pay-submit]').click();
    await clerk.waitForSelector('.alert-ok');
    await clerk.screenshot({ path: join(s.shots, 'paid.png'), fullPage: true });

    // Filtered to unpaid, the row leaves the clerk's list; in the full list it reads 已缴.
    await expect.poll(() => clerk.locator(`[data-testid=invoices] tr[data-invoice="${number}"]`).count(), { timeout: WAIT }).toBe(0);
    await clerk.goto(`${s.app.url}/finance/invoices?status=paid`);
    await expect.poll(() => clerk.locator(`tr[data-invoice="${number}"] [data-testid=invoice-status]`).textContent()).toBe('已缴');
    // The colleague's page followed without a reload.
    await expect.poll(() => theirRow.locator('[data-testid=invoice-status]').textContent(), { timeout: WAIT }).toBe('已缴');

    // The invoice's own page lists the payment.
    await clerk.click(`tr[data-invoice="${number}"] a`);
    await clerk.waitForURL(/\/finance\/invoices\/[0-9a-f-]{36}$/);
    await expect.poll(() => clerk.locator('[data-testid=invoice-status]').textContent()).toBe('已缴');
    expect(await clerk.locator('text=ICBC20270315-0042').count()).toBe(1);
    expect(await clerk.locator('[data-testid=outstanding]').textContent()).toBe('0.00');
  });

  test('finance finds a member company by part of its name or its credit code, and bills it', async () => {
    s.reportFailures('create');
    const clerk = await s.signIn('biller', 'finance@demo.test');
    await clerk.goto(`${s.app.url}/finance/invoices`);
    const section = clerk.locator('[data-testid=create-invoice]');
    const picker = section.locator('input[role=combobox]');
    const options = section.locator('[data-testid=member-options] [role=option]');
    const billed = clerk.locator('[data-testid=invoices] tbody tr[data-invoice]', { hasText: '岭南生物医药有限公司' });
    const before = await billed.count();

    await picker.fill('精密');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('北方精密仪器有限公司')]);
    // A credit code's first digits find the company too; the keyboard chooses it.
    await picker.fill('91440101');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('岭南生物医药有限公司')]);
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe('岭南生物医药有限公司');
    expect(await options.count()).toBe(0);

    await section.locator('input[name=title]').fill('2027 年会展位费');
    await section.locator('button[type=submit]').click();
    await section.locator('.alert-ok').waitFor();
    await expect.poll(() => billed.count(), { timeout: WAIT }).toBe(before + 1);
    await clerk.screenshot({ path: join(s.shots, 'billed.png'), fullPage: true });
  });
});
