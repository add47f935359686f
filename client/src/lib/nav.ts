import { can, type Action } from '#schema/permissions.ts';
import type { Role } from '#schema/roles.ts';
import type { MessageKey } from './i18n.ts';

export type IconName = 'home' | 'note' | 'users' | 'audit' | 'settings' | 'docs' | 'chart' | 'building' | 'calendar' | 'badge' | 'clipboard' | 'file-plus' | 'shield' | 'flag' | 'gavel';

/** Sidebar sections; entries without one sit at the top. */
export type NavGroup = 'members' | 'oversight' | 'meetings' | 'reviews' | 'admin';

export interface NavItem {
  href: string;
  group?: NavGroup;
  label: MessageKey;
  icon: IconName;
  /** Shown only to roles that hold this permission (the same table the API enforces). */
  action: Action;
}

export const navItems: NavItem[] = [
  { href: '/', label: 'nav.dashboard', icon: 'home', action: 'workspace.view' },
  { href: '/dashboard', label: 'dashboard.title', icon: 'chart', action: 'dashboard.view' },
  { href: '/notes', label: 'nav.notes', icon: 'note', action: 'note.read' },
  { href: '/standards', label: 'standards.title', icon: 'docs', action: 'standard.read' },
  { href: '/members', group: 'members', label: 'members.title', icon: 'building', action: 'member.read' },
  { href: '/members/applications', group: 'members', label: 'members.applications.nav', icon: 'clipboard', action: 'member.review' },
  { href: '/members/apply', group: 'members', label: 'members.apply.nav', icon: 'file-plus', action: 'member.apply' },
  { href: '/members/mine', group: 'members', label: 'members.mine', icon: 'building', action: 'member.self' },
  { href: '/members/pushes', group: 'members', label: 'members.push.nav', icon: 'flag', action: 'member.push' },
  { href: '/credit', group: 'members', label: 'credit.title', icon: 'shield', action: 'credit.read' },
  { href: '/credit/mine', group: 'members', label: 'credit.mine', icon: 'shield', action: 'credit.self' },
  { href: '/points', group: 'members', label: 'points.title', icon: 'chart', action: 'points.self' },
  { href: '/finance/mine', group: 'members', label: 'finance.mine.nav', icon: 'clipboard', action: 'finance.self' },
  { href: '/compliance', group: 'oversight', label: 'compliance.title', icon: 'shield', action: 'compliance.read' },
  { href: '/finance', group: 'oversight', label: 'finance.title', icon: 'chart', action: 'finance.read' },
  { href: '/compliance/integrity', group: 'oversight', label: 'integrity.title', icon: 'gavel', action: 'integrity.read' },
  { href: '/compliance/integrity/declarations', group: 'oversight', label: 'integrity.tabs.declarations', icon: 'clipboard', action: 'parttime.declare' },
  { href: '/disclosures', group: 'oversight', label: 'disclosures.title', icon: 'docs', action: 'disclosure.read' },
  { href: '/meetings', group: 'meetings', label: 'meetings.title', icon: 'calendar', action: 'meeting.read' },
  { href: '/party', group: 'meetings', label: 'party.title', icon: 'flag', action: 'party.read' },
  { href: '/governance', group: 'meetings', label: 'party.governance', icon: 'gavel', action: 'governance.read' },
  { href: '/experts', group: 'reviews', label: 'experts.title', icon: 'badge', action: 'expert.read' },
  { href: '/experts/me', group: 'reviews', label: 'experts.mine', icon: 'badge', action: 'expert.self' },
  { href: '/reviews', group: 'reviews', label: 'reviews.title', icon: 'clipboard', action: 'call.read' },
  { href: '/admin/users', group: 'admin', label: 'nav.users', icon: 'users', action: 'user.list' },
  { href: '/admin/audit', group: 'admin', label: 'nav.audit', icon: 'audit', action: 'audit.read' },
  { href: '/admin/settings', group: 'admin', label: 'nav.settings', icon: 'settings', action: 'tenant.manage' },
];

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.action));
}

/** The entries a role sees, in sections: the ungrouped ones first, then each group in order of appearance. */
export function navSections(role: Role): { group: NavGroup | null; items: NavItem[] }[] {
  const sections = new Map<NavGroup | null, NavItem[]>([[null, []]]);
  for (const item of navFor(role)) {
    const key = item.group ?? null;
    if (!sections.has(key)) sections.set(key, []);
    sections.get(key)!.push(item);
  }
  return [...sections].filter(([, items]) => items.length).map(([group, items]) => ({ group, items }));
}

/** A stable test id per entry, from its address: nav-home, nav-members-apply, nav-admin-users. */
export const navTestId = (href: string) => `nav-${href === '/' ? 'home' : href.slice(1).replaceAll('/', '-')}`;

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The entry to highlight: the longest address the page is under (入会审批, not 会员单位, on /members/applications). */
export function activeHref(items: NavItem[], pathname: string): string | undefined {
  return items
    .filter((i) => isActive(i.href, pathname))
    .map((i) => i.href)
    .sort((a, b) => b.length - a.length)[0];
}
