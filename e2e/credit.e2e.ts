// Credit archive and points in the browser: staff check a member company's contact in at a meeting,
// and the member's own credit page and points show the new entry (the "information island" joined up).
import { describe, expect, test } from 'vitest';
import { stage, WAIT } from './stage.ts';

const s = stage('credit');
const phone = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true };

describe('credit archive and points', () => {
  test("a check-in at a meeting adds the member company's credit entry and the attendee's points, live", async () => {
    s.reportFailures('checkin');
    const member = await s.signIn('member', 'member@demo.test', phone);
    // The member's registration code for next week's assembly.
    await member.goto(`${s.app.url}/meetings`);
    await member.click('text=2027 年会员代表大会');
    await member.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const meetingUrl = member.url();
    const code = await member.locator('[data-testid=my-code]').innerText();

    await member.goto(`${s.app.url}/points`);
    const pointsBefore = Number(await member.locator('[data-testid=my-points-total]').innerText());
    await member.goto(`${s.app.url}/credit/mine`);
    expect(await member.locator('h1').innerText()).toContain('华东智能制造股份有限公司');
    expect(await member.locator('[data-testid=credit-entries] tr', { hasText: '2027 年会员代表大会' }).count()).toBe(0);
    await member.waitForSelector('[data-testid=live-status][data-status=live]');

    const staff = await s.signIn('staff', 'secretariat@demo.test');
    await staff.goto(`${meetingUrl}/checkin`);
    await staff.fill('[data-testid=checkin-code]', code);
    await staff.press('[data-testid=checkin-code]', 'Enter');
    await staff.waitForSelector('[data-testid=checkin-message].alert-ok');

    // The member's open page shows the entry without reloading.
    const row = member.locator('[data-testid=credit-entries] tr', { hasText: '2027 年会员代表大会' });
    await expect.poll(() => row.count(), { timeout: WAIT }).toBe(1);
    expect(await row.innerText()).toContain('参加会议');

    await member.goto(`${s.app.url}/points`);
    expect(Number(await member.locator('[data-testid=my-points-total]').innerText())).toBe(pointsBefore + 10);
    expect(await member.locator('[data-testid=points-ledger]').innerText()).toContain('2027 年会员代表大会');

    // Staff see it in the company's archive, linked to the meeting.
    await staff.goto(`${s.app.url}/credit`);
    await staff.click('[data-testid=credit-list] >> text=华东智能制造股份有限公司');
    await staff.waitForURL(/\/credit\/[0-9a-f-]{36}$/);
    const link = staff.locator('[data-testid=credit-entries] a', { hasText: '2027 年会员代表大会' });
    expect(await link.getAttribute('href')).toBe(new URL(meetingUrl).pathname);
  });
});
