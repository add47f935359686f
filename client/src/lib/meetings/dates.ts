import { TZDate } from '@date-fns/tz';

/** A datetime-local value (wall clock in the association's time zone) as an ISO instant with offset; null if malformed. */
export function wallToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), timeZone).toISOString();
}

/** The other way: an instant as a datetime-local value in the time zone. */
export function isoToWall(iso: string, timeZone: string): string {
  const d = new TZDate(iso, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
