import { currentLocale, t } from '#lib/i18n.ts';
import type { ApplicationStatus, MemberStatus } from './types.ts';

export const statusBadge: Record<MemberStatus, string> = {
  pending: 'badge-muted',
  active: 'badge-ok',
  grace: 'badge-warn',
  expired: 'badge-danger',
  suspended: 'badge-danger',
  withdrawn: 'badge-muted',
};

export const applicationBadge: Record<ApplicationStatus, string> = {
  draft: 'badge-muted',
  in_review: 'badge-warn',
  returned: 'badge-warn',
  rejected: 'badge-danger',
  approved: 'badge-ok',
};

/** Fen → "12,345.00". */
export function yuan(fen: number): string {
  return (fen / 100).toLocaleString(currentLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A step's duration the way people say it: days and hours, hours and minutes, or minutes. */
export function duration(ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m < 1) return t('members.duration.seconds');
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (d > 0) return t('members.duration.days', { d, h: h % 24 });
  if (h > 0) return t('members.duration.hours', { h, m: m % 60 });
  return t('members.duration.minutes', { m });
}

export function stepName(step: { name: string; nameEn: string }): string {
  return currentLocale() === 'en' ? step.nameEn : step.name;
}

export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
