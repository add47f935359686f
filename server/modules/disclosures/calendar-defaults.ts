// The default working-day calendar: days that break the Monday–Friday rhythm. 2026 is the State
// Council's published arrangement (国务院办公厅关于2026年部分节假日安排的通知), as also carried by
// the chinese-days package 1.5.7. For 2027 the State Council had not published its arrangement
// when this was written (nor had chinese-days), so 2027 holds the statutory holidays of
// 《全国年节及纪念日放假办法》(2024 revision) on their dates, without 调休; an association edits
// its calendar on the settings page once the notice is out.

export interface CalendarDay {
  /** YYYY-MM-DD */
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const range = (from: string, to: string, name: string): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push({ day: d.toISOString().slice(0, 10), kind: 'holiday', name });
  return out;
};
const work = (day: string, name: string): CalendarDay => ({ day, kind: 'workday', name: `${name}调休上班` });

export const defaultCalendars: Record<number, { official: boolean; days: CalendarDay[] }> = {
  2026: {
    official: true,
    days: [
      ...range('2026-01-01', '2026-01-03', '元旦'),
      work('2026-01-04', '元旦'),
      work('2026-02-14', '春节'),
      ...range('2026-02-15', '2026-02-23', '春节'),
      work('2026-02-28', '春节'),
      ...range('2026-04-04', '2026-04-06', '清明节'),
      ...range('2026-05-01', '2026-05-05', '劳动节'),
      work('2026-05-09', '劳动节'),
      ...range('2026-06-19', '2026-06-21', '端午节'),
      work('2026-09-20', '国庆节'),
      ...range('2026-09-25', '2026-09-27', '中秋节'),
      ...range('2026-10-01', '2026-10-07', '国庆节'),
      work('2026-10-10', '国庆节'),
    ],
  },
  2027: {
    official: false,
    days: [
      ...range('2027-01-01', '2027-01-01', '元旦'),
      ...range('2027-02-05', '2027-02-08', '春节'),
      ...range('2027-04-05', '2027-04-05', '清明节'),
      ...range('2027-05-01', '2027-05-02', '劳动节'),
      ...range('2027-06-09', '2027-06-09', '端午节'),
      ...range('2027-09-15', '2027-09-15', '中秋节'),
      ...range('2027-10-01', '2027-10-03', '国庆节'),
    ],
  },
};
