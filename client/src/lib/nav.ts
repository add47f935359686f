import { can, type Action } from '#schema/permissions.ts';
import type { Role } from '#schema/roles.ts';
import type { MessageKey } from './i18n.ts';

export type IconName = 'home' | 'note' | 'users' | 'audit' | 'settings' | 'docs' | 'chart';

export interface NavItem {
  href: string;
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
  { href: '/members', label: 'members.title', icon: 'users', action: 'member.read' },
  { href: '/members/applications', label: 'members.applications.nav', icon: 'audit', action: 'member.review' },
  { href: '/members/apply', label: 'members.apply.nav', icon: 'docs', action: 'member.apply' },
  { href: '/meetings', label: 'meetings.title', icon: 'users', action: 'meeting.read' },
  { href: '/experts', label: 'experts.title', icon: 'users', action: 'expert.read' },
  { href: '/experts/me', label: 'experts.mine', icon: 'users', action: 'expert.self' },
  { href: '/reviews', label: 'reviews.title', icon: 'audit', action: 'call.read' },
  { href: '/admin/users', label: 'nav.users', icon: 'users', action: 'user.list' },
  { href: '/admin/audit', label: 'nav.audit', icon: 'audit', action: 'audit.read' },
  { href: '/admin/settings', label: 'nav.settings', icon: 'settings', action: 'tenant.manage' },
];

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.action));
}

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
