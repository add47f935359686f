// 信息公开 end to end: the secretariat publishes a report with its PDF; a member of the public asks
// about it on the portal in another browser; the secretariat answers; the portal shows the answer.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stage } from './stage.ts';

const s = stage('disclosures');

describe('disclosures', () => {
  test('publish a report; the public asks on the portal; the secretariat answers; the answer shows on the portal', async () => {
    s.reportFailures('disclose');
    const staff = await s.signIn('staff', 'secretariat@demo.test');

    await staff.goto(`${s.app.url}/disclosures/new`);
    await staff.selectOption('select[name=kind]', 'finance_statement');
    await staff.fill('input[name=year]', '2025');
    await staff.fill('[data-testid=disclosure-title]', '2025 年度财务收支报告');
    await staff.fill('[data-testid=disclosure-body]', '全年收入 618.7 万元，支出 571.3 万元，结余 47.4 万元。');
    await staff.setInputFiles('[data-testid=disclosure-file]', { name: '财务收支报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 finance statement') });
    await staff.click('[data-testid=disclosure-save]');
    await staff.waitForURL(/\/disclosures\/[0-9a-f-]{36}$/);
    const id = staff.url().split('/').pop()!;
    await staff.click('[data-testid=publish]');
    await expect.poll(() => staff.textContent('[data-testid=disclosure-status]')).toBe('已公开');

    // Someone else, not logged in, on a phone.
    const visitor = await s.newPage('visitor', { viewport: { width: 390, height: 844 } });
    await visitor.goto(`${s.app.url}/portal/demo/disclosures`);
    await visitor.click('text=2025 年度财务收支报告');
    await visitor.waitForURL(`**/portal/demo/disclosures/${id}`);
    expect(await visitor.textContent('[data-testid=portal-file]')).toContain('财务收支报告.pdf');
    await visitor.fill('[data-testid=ask-name]', '赵晓');
    await visitor.fill('[data-testid=ask-email]', 'zhaoxiao@example.test');
    await visitor.fill('[data-testid=ask-question]', '结余 47.4 万元将如何使用？');
    await visitor.click('[data-testid=ask-submit]');
    await expect.poll(() => visitor.textContent('[data-testid=asked]')).toMatch(/本会将在 \d{4}-\d{2}-\d{2} 前答复/);
    await expect.poll(() => visitor.locator('[data-testid=portal-question]').allInnerTexts()).toEqual([expect.stringContaining('结余 47.4 万元将如何使用？')]);
    await visitor.screenshot({ path: join(s.shots, 'portal-asked-phone.png'), fullPage: true });

    // The question reaches the staff's open page live, with its due date.
    await expect.poll(() => staff.locator('[data-testid=question]').count()).toBe(1);
    expect(await staff.textContent('[data-testid=question-due]')).toMatch(/答复期限 \d{4}-\d{2}-\d{2}/);
    await staff.fill('[data-testid=answer-text]', '结余将用于 2026 年会员培训和团体标准制定。');
    await staff.click('[data-testid=answer-submit]');
    await staff.waitForSelector('[data-testid=answer-text]', { state: 'detached' });
    await staff.screenshot({ path: join(s.shots, 'staff-answered.png'), fullPage: true });

    await visitor.reload();
    await expect.poll(() => visitor.textContent('[data-testid=portal-answer]')).toContain('结余将用于 2026 年会员培训和团体标准制定。');
    await visitor.screenshot({ path: join(s.shots, 'portal-answered-phone.png'), fullPage: true });
  });
});
