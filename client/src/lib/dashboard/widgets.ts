// The dashboard's widgets as the browser shows them: title, component, drill-down. A module that
// adds a widget on the server (server/modules/dashboard/widgets.ts) adds its view here.
import type { Component } from 'svelte';
import type { Action } from '#schema/permissions.ts';
import type { MessageKey } from '#lib/i18n.ts';
import ActiveMembers from './ActiveMembers.svelte';
import ApplicationsWidget from '#lib/members/ApplicationsWidget.svelte';
import AlertsWidget from '#lib/compliance/AlertsWidget.svelte';
import StandardsByStage from '#lib/standards/StandardsByStage.svelte';
import MeetingsWidget from '#lib/meetings/MeetingsWidget.svelte';
import ReviewProgress from '#lib/reviews/ReviewProgress.svelte';
import DuesCollectionWidget from '#lib/finance/DuesCollectionWidget.svelte';
import DisclosuresWidget from '#lib/disclosures/DisclosuresWidget.svelte';
import CreditGradesWidget from '#lib/credit/GradesWidget.svelte';

export interface WidgetView {
  title: MessageKey;
  component: Component<{ data: never }>;
  /** The list behind the numbers, and the permission it needs. */
  drill?: { href: string; action: Action };
  /** Columns it spans on a wide screen (1 or 2). */
  span?: 1 | 2;
}

export const widgetViews: Record<string, WidgetView> = {
  reviewProgress: { title: 'reviews.widget.title', component: ReviewProgress as Component<{ data: never }>, drill: { href: '/reviews', action: 'call.read' } },
  activeMembers: { title: 'dashboard.activeMembers.title', component: ActiveMembers as Component<{ data: never }>, drill: { href: '/admin/audit?action=login', action: 'audit.read' }, span: 2 },
  complianceAlerts: { title: 'compliance.widget.title', component: AlertsWidget as Component<{ data: never }>, drill: { href: '/compliance', action: 'compliance.read' } },
  membershipApplications: { title: 'members.widget.title', component: ApplicationsWidget as Component<{ data: never }>, drill: { href: '/members/applications?status=in_review', action: 'member.review' } },
  standardsByStage: { title: 'standards.widget.title', component: StandardsByStage as Component<{ data: never }>, drill: { href: '/standards', action: 'standard.read' } },
  duesCollection: { title: 'finance.widget.title', component: DuesCollectionWidget as Component<{ data: never }>, drill: { href: '/finance/invoices?kind=dues&status=open', action: 'finance.read' } },
  disclosures: { title: 'disclosures.widget.title', component: DisclosuresWidget as Component<{ data: never }>, drill: { href: '/disclosures/questions', action: 'disclosure.read' } },
  creditGrades: { title: 'credit.widget.title', component: CreditGradesWidget as Component<{ data: never }>, drill: { href: '/credit', action: 'credit.read' } },
  meetings: { title: 'meetings.widget.title', component: MeetingsWidget as Component<{ data: never }>, drill: { href: '/meetings', action: 'meeting.read' }, span: 2 },
};
