// Part-time declarations (兼职申报) in the browser: a council member declares, corrects the
// declaration while it waits, answers the party secretary's rejection, and gets it approved. And a
// payment (兼职取酬) recorded to a person found by part of their name.
import { describe, expect, test } from 'vitest';
import { stage } from './stage.ts';

const s = stage('integrity');

describe('part-time declarations', () => {
  test('a council member corrects a pending declaration and resubmits a rejected one; the party secretary approves it', async () => {
    s.reportFailures('declarations');
    const declarant = await s.signIn('council', 'council@demo.test');
    const url = `${s.app.url}/compliance/integrity/declarations`;
    await declarant.goto(url);
    await declarant.click('[data-testid=declare-form] summary');
    await declarant.fill('#organisation', '华东理工研究院');
    await declarant.fill('#position', '顾问');
    await declarant.fill('#startOn', '2026-04-01');
    await declarant.click('[data-testid=declare-submit]');
    const row = declarant.locator('[data-testid=declarations] tr', { hasText: '华东理工研究院' });
    await expect.poll(() => row.locator('[data-testid=declaration-status]').innerText()).toBe('待审批');

    // A correction while it waits: the form opens with what was declared.
    await row.locator('[data-testid=declaration-amend]').click();
    expect(await declarant.inputValue('#position')).toBe('顾问');
    await declarant.fill('#position', '首席顾问');
    await declarant.selectOption('#paid', 'yes');
    await declarant.fill('#amount', '12000');
    await declarant.click('[data-testid=declare-submit]');
    await expect.poll(() => row.innerText()).toContain('首席顾问');
    expect(await row.innerText()).toContain('12,000.00');
    // The form is back to a new declaration.
    expect(await declarant.locator('[data-testid=declare-form] summary').innerText()).toBe('提交兼职申报');

    const secretary = await s.signIn('party', 'party@demo.test');
    await secretary.goto(url);
    const theirRow = secretary.locator('[data-testid=declarations] tr', { hasText: '华东理工研究院' });
    await theirRow.locator('input[name=comment]').fill('请附聘用协议');
    await theirRow.locator('button[value=rejected]').click();
    await expect.poll(() => theirRow.locator('[data-testid=declaration-status]').innerText()).toBe('已驳回');

    // The declarant answers the rejection: back to pending, the old comment gone.
    await declarant.reload();
    await expect.poll(() => row.innerText()).toContain('请附聘用协议');
    await row.locator('[data-testid=declaration-amend]').click();
    await declarant.fill('#position', '首席顾问（附聘用协议）');
    await declarant.click('[data-testid=declare-submit]');
    await expect.poll(() => row.locator('[data-testid=declaration-status]').innerText()).toBe('待审批');
    expect(await row.innerText()).not.toContain('请附聘用协议');

    await secretary.reload();
    await theirRow.locator('[data-testid=approve]').click();
    await expect.poll(() => theirRow.locator('[data-testid=declaration-status]').innerText()).toBe('已批准');
    // Approved is final: the declarant has nothing left to change.
    await declarant.reload();
    await expect.poll(() => row.locator('[data-testid=declaration-status]').innerText()).toBe('已批准');
    expect(await row.locator('[data-testid=declaration-amend]').count()).toBe(0);
  });

  test('the compliance officer finds the person paid by part of their name; a refused payment keeps them chosen', async () => {
    s.reportFailures('payment');
    const officer = await s.signIn('compliance', 'compliance@demo.test');
    await officer.goto(`${s.app.url}/compliance/integrity?tab=payments`);
    await officer.click('summary:has-text("登记取酬")');
    const form = officer.locator('[data-testid=payment-form]');
    const picker = form.getByRole('combobox', { name: '取酬人' });
    const options = officer.locator('[data-testid=person-options] [role=option]');
    await picker.fill('黄志');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('黄志明')]);
    await picker.press('Enter');
    await officer.fill('#payerName', '华东理工研究院');
    await officer.fill('#paidOn', '2026-11-20');
    // No amount: refused, and the person stays chosen.
    await form.locator('button[type=submit]').click();
    await officer.locator('.alert-error').waitFor();
    await expect.poll(() => picker.inputValue()).toContain('黄志明');
    await officer.fill('#amount', '3000');
    await form.locator('button[type=submit]').click();
    const row = officer.locator('[data-testid=payments] tbody tr', { hasText: '华东理工研究院' });
    await expect.poll(() => row.innerText()).toContain('黄志明');
    expect(await row.innerText()).toContain('3,000.00');
  });
});
