/** Roles a user can hold in one tenant (协会). The public is whoever is not logged in. */
export const roles = ['admin', 'secretariat', 'compliance', 'finance', 'party', 'council', 'expert', 'member'] as const;
export type Role = (typeof roles)[number];

/** Interface languages of the workspace; the public portal adds more later. */
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

/** Picks the best supported locale from an explicit setting or an Accept-Language header. */
export function pickLocale(preferred: string | null | undefined, acceptLanguage?: string | null): Locale {
  if (preferred && (locales as readonly string[]).includes(preferred)) return preferred as Locale;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .filter((r) => r.tag && r.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return defaultLocale;
}
