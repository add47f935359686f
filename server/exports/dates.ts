const formats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-27 14:05" in the association's time zone: how exported dates read (times are stored in UTC). */
export function zonedDateTime(date: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    // The Swedish locale writes ISO-like dates, whatever the reader's language.
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f.format(date);
}
