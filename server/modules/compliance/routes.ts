import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { Alert, AlertDetail, AlertListQuery, AlertSummary, PreviewInput, PreviewResult, Rule, RuleInput, TransitionInput } from '#schema/compliance/api.ts';
import { defineRoute } from '../../http/routes.ts';
import { alertSummary, getAlert, listAlerts, listRules, previewRule, saveRule, transitionAlert } from './service.ts';

const tag = 'compliance';

export const complianceRoutes = [
  defineRoute({
    method: 'get',
    path: '/compliance/alerts',
    tag,
    summary: 'Compliance alerts, open and most severe first; filter by status or severity',
    access: 'compliance.read',
    query: AlertListQuery,
    response: z.object({ items: z.array(Alert) }),
    handler: ({ query, ctx }) => listAlerts(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/compliance/alerts/summary',
    tag,
    summary: 'Counts of alerts not closed, by status and severity, and how many are past their SLA (the badge)',
    access: 'compliance.read',
    response: AlertSummary,
    handler: ({ ctx }) => alertSummary(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/compliance/alerts/{id}',
    tag,
    summary: 'One alert with its facts and history',
    access: 'compliance.read',
    resource: 'complianceAlert',
    params: IdParams,
    response: AlertDetail,
    handler: ({ params, ctx }) => getAlert(ctx, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/compliance/alerts/{id}/transitions',
    tag,
    summary: 'Acknowledge an open alert, then resolve or dismiss it with a reason',
    access: 'compliance.manage',
    resource: 'complianceAlert',
    params: IdParams,
    body: TransitionInput,
    response: AlertDetail,
    handler: ({ params, body, ctx }) => transitionAlert(ctx, params.id, body.to, body.reason || undefined),
  }),
  defineRoute({
    method: 'get',
    path: '/compliance/rules',
    tag,
    summary: 'The rule library',
    access: 'compliance.read',
    response: z.object({ items: z.array(Rule) }),
    handler: ({ ctx }) => listRules(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/compliance/rules',
    tag,
    summary: 'Add a rule',
    access: 'compliance.manage',
    body: RuleInput,
    response: Rule,
    status: 201,
    handler: ({ body, ctx }) => saveRule(ctx, null, body),
  }),
  defineRoute({
    method: 'post',
    path: '/compliance/rules/preview',
    tag,
    summary: 'Which past records of an event the given conditions would have caught',
    access: 'compliance.manage',
    body: PreviewInput,
    response: PreviewResult,
    handler: ({ body, ctx }) => previewRule(ctx, body),
  }),
  defineRoute({
    method: 'put',
    path: '/compliance/rules/{id}',
    tag,
    summary: 'Change a rule (later events are evaluated with it; alerts already raised stay)',
    access: 'compliance.manage',
    resource: 'complianceRule',
    params: IdParams,
    body: RuleInput,
    response: Rule,
    handler: ({ params, body, ctx }) => saveRule(ctx, params.id, body),
  }),
];
