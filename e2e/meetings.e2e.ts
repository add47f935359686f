// Meetings in the browser: staff publish a meeting, members register (with a conditional field),
// staff check people in on a phone while the counts update live on another phone.
import { describe, expect, test } from 'vitest';
import { stage, WAIT } from './stage.ts';

const s = stage('meetings');
const phone = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true };
const { pages } = s;

/** datetime-local value n days from now. */
const wall = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 864e5);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
};

let meetingUrl = '';

describe('meetings', () => {
  test('staff publish a meeting with a conditional registration field; a member registers and gets a QR badge', async () => {
    s.reportFailures('publish');
    const staff = await s.signIn('staff', 'secretariat@demo.test');
    await staff.goto(`${s.app.url}/meetings/new`);
    await staff.fill('[data-testid=m-title]', '行业数字化转型峰会');
    await staff.fill('[data-testid=m-start]', wall(10, 9));
    await staff.fill('[data-testid=m-end]', wall(10, 17));
    await staff.fill('[data-testid=m-venue]', '国际会议中心');
    await staff.fill('[data-testid=m-capacity]', '50');
    await staff.fill('[data-testid=agenda-title]', '主旨演讲');
    await staff.click('[data-testid=add-field]');
    await staff.locator('[data-testid=field-label]').nth(0).fill('需要住宿');
    await staff.locator('[data-testid=field-type]').nth(0).selectOption('checkbox');
    await staff.click('[data-testid=add-field]');
    await staff.locator('[data-testid=field-label]').nth(1).fill('住宿晚数');
    await staff.locator('[data-testid=field-type]').nth(1).selectOption('number');
    await staff.locator('[data-testid=field-showif]').selectOption('field_1');
    await staff.fill('[data-testid=field-equals]', 'true');
    await staff.click('[data-testid=m-submit]');
    await staff.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    meetingUrl = staff.url();
    expect(await staff.locator('[data-testid=meeting-title]').innerText()).toBe('行业数字化转型峰会');
    // Changing it keeps the agenda and the conditional field.
    await staff.click('[data-testid=to-edit]');
    await staff.waitForURL(/\/edit$/);
    await staff.waitForSelector('html[data-hydrated]', { state: 'attached' });
    expect(await staff.locator('[data-testid=agenda-title]').first().inputValue()).toBe('主旨演讲');
    await staff.fill('[data-testid=m-title]', '行业数字化转型峰会（第二届）');
    await staff.click('[data-testid=m-submit]');
    await staff.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    expect(await staff.locator('[data-testid=meeting-title]').innerText()).toBe('行业数字化转型峰会（第二届）');

    const member = await s.signIn('member', 'member@demo.test', phone);
    await member.goto(meetingUrl);
    await expect.poll(() => member.locator('[data-testid=answer-field_2]').count()).toBe(0);
    await member.check('input[name="answer.field_1"]');
    await member.fill('[data-testid=answer-field_2]', '2');
    await member.click('[data-testid=register]');
    await member.waitForSelector('[data-testid=my-qr]');
    expect(await member.locator('[data-testid=my-status]').innerText()).toBe('已确认');
    expect(await member.locator('[data-testid=my-code]').innerText()).toMatch(/^[A-Z2-9]{10}$/);
  });

  test('staff check an attendee in on one phone and the count updates live on another', async () => {
    s.reportFailures('checkin');
    const code = await pages.member.locator('[data-testid=my-code]').innerText();
    const door = await s.signIn('door', 'secretariat@demo.test', phone);
    const desk = await s.signIn('desk', 'admin@demo.test', phone);
    await door.goto(`${meetingUrl}/checkin`);
    await desk.goto(`${meetingUrl}/checkin`);
    expect(await desk.locator('[data-testid=checked-in-count]').innerText()).toBe('0');
    await door.fill('[data-testid=checkin-code]', code.toLowerCase());
    await door.press('[data-testid=checkin-code]', 'Enter');
    await door.waitForSelector('[data-testid=checkin-message].alert-ok');
    await expect.poll(() => desk.locator('[data-testid=checked-in-count]').innerText(), { timeout: WAIT }).toBe('1');
    // Scanning the same badge again changes nothing.
    await door.fill('[data-testid=checkin-code]', code);
    await door.press('[data-testid=checkin-code]', 'Enter');
    await door.waitForSelector('[data-testid=checkin-message].alert-warn');
    expect(await door.locator('[data-testid=checked-in-count]').innerText()).toBe('1');
  });

  test('two people on the meeting page exchange chat and Q&A live', async () => {
    s.reportFailures('live');
    const staff = await s.signIn('staff2', 'secretariat@demo.test');
    const member = pages.member ?? (await s.signIn('member', 'member@demo.test', phone));
    await staff.goto(meetingUrl);
    await member.goto(meetingUrl);
    await staff.waitForSelector('[data-testid=live-panel][data-connected=true]');
    await member.waitForSelector('[data-testid=live-panel][data-connected=true]');

    await member.fill('[data-testid=chat-input]', '会员单位报到，请问资料在哪里领取？');
    await member.click('[data-testid=chat-send]');
    await staff.waitForSelector('[data-testid=chat-list] >> text=会员单位报到，请问资料在哪里领取？');
    await staff.fill('[data-testid=chat-input]', '请到一楼签到处领取。');
    await staff.press('[data-testid=chat-input]', 'Enter');
    await member.waitForSelector('[data-testid=chat-list] >> text=请到一楼签到处领取。');

    await member.click('[data-testid=tab-qa]');
    await staff.click('[data-testid=tab-qa]');
    await member.fill('[data-testid=question-input]', '团体标准什么时候发布？');
    await member.click('[data-testid=question-send]');
    await staff.waitForSelector('[data-testid=question-list] li[data-status=pending] >> text=团体标准什么时候发布？');
    await staff.click('[data-testid=question-approve]');
    await member.waitForSelector('[data-testid=question-list] li[data-status=approved] >> text=团体标准什么时候发布？');
    await member.click('[data-testid=question-vote]');
    await expect.poll(() => staff.locator('[data-testid=question-vote]').first().innerText(), { timeout: WAIT }).toContain('1');
  });

  test('a party member signs in on a phone; a major matter waits for the party branch pre-review', async () => {
    s.reportFailures('party');
    const secretary = await s.signIn('partySecretary', 'party@demo.test');
    await secretary.goto(`${s.app.url}/party`);
    await secretary.fill('[data-testid=branch-name]', '秘书处党支部');
    await secretary.click('button:has-text("新建支部")');
    await secretary.waitForSelector('[data-testid=party-calendar]');
    await secretary.fill('[data-testid=pmem-name]', '马骏');
    await secretary.fill('[data-testid=pmem-email]', 'member@demo.test');
    await secretary.click('[data-testid=pmem-add]');
    // The form clears once the first is saved; only then type the second.
    await secretary.waitForSelector('.chips >> text=马骏');
    await secretary.fill('[data-testid=pmem-name]', '陈静');
    await secretary.click('[data-testid=pmem-add]');
    await secretary.waitForSelector('text=陈静');
    await secretary.selectOption('[data-testid=pm-kind]', 'committee');
    await secretary.fill('[data-testid=pm-title]', '11 月支委会');
    await secretary.fill('[data-testid=pm-held]', wall(0, 10));
    await secretary.click('[data-testid=pm-create]');
    await secretary.click('[data-testid=party-meetings] >> text=11 月支委会');
    await secretary.waitForURL(/\/party\/meetings\//);
    const partyMeetingUrl = secretary.url();
    // The calendar now shows this month's committee as held.
    await secretary.goto(`${s.app.url}/party`);
    expect(await secretary.locator('[data-kind=committee]').getAttribute('data-state')).toBe('ok');

    const member = await s.signIn('partyMember', 'member@demo.test', phone);
    await member.goto(partyMeetingUrl);
    await member.click('[data-testid=party-signin-button]');
    await expect.poll(() => member.locator('[data-testid=party-signin-count]').innerText()).toContain('1 / 2');
    await secretary.goto(partyMeetingUrl);
    await secretary.click('[data-testid=party-record]');
    await expect.poll(() => secretary.locator('[data-testid=party-attendance]').innerText()).toContain('50%');

    const clerk = await s.signIn('clerk', 'secretariat@demo.test');
    await clerk.goto(`${s.app.url}/governance`);
    await clerk.fill('[data-testid=cm-title]', '第三届理事会第五次会议');
    await clerk.fill('[data-testid=cm-held]', wall(1, 9));
    await clerk.click('[data-testid=cm-create]');
    await clerk.waitForSelector('h3:has-text("第三届理事会第五次会议")');
    await clerk.fill('[data-testid=matter-title]', '购置办公用房');
    await clerk.selectOption('[data-testid=matter-major]', 'spending');
    await clerk.click('[data-testid=matter-add]');
    await clerk.waitForSelector('[data-testid=matter] >> text=购置办公用房');
    await clerk.click('[data-testid=decide-approve]');
    expect(await clerk.locator('[data-testid=governance-error]').innerText()).toContain('前置审议');
    await secretary.goto(`${s.app.url}/governance`);
    await secretary.fill('[data-testid=prereview-opinion]', '支部审议同意');
    await secretary.click('[data-testid=prereview]');
    await secretary.waitForSelector('text=支部审议同意');
    await clerk.reload();
    await clerk.click('[data-testid=decide-approve]');
    await clerk.waitForSelector('[data-testid=matter][data-decision=approved]');
  });
});
