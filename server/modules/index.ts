import type { RouteDef } from '../http/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { noteRoutes } from './notes/routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { membersRoutes } from './members/routes.ts';
import { complianceRoutes } from './compliance/routes.ts';
import { meetingRoutes } from './meetings/routes.ts';
import { liveRoutes } from './meetings/live-routes.ts';
import { interactionRoutes } from './meetings/interaction.ts';
import { surveyRoutes } from './meetings/survey.ts';
import { meetingPortalRoutes } from './meetings/portal-routes.ts';
import { partyRoutes } from './party/routes.ts';
import { governanceRoutes } from './party/governance.ts';
import { expertRoutes } from './experts/routes.ts';
import { reviewRoutes } from './reviews/routes.ts';
import { tenantRoutes } from './tenants/routes.ts';
import { userRoutes } from './users/routes.ts';
import { standardRoutes } from './standards/routes.ts';
import { disclosurePortalRoutes, disclosureRoutes } from './disclosures/routes.ts';
import { integrityRoutes } from './integrity/routes.ts';
import { navBadgeRoutes } from './nav-badges.ts';

/** Every API route; the OpenAPI document and the route-coverage test are built from this list. */
export const apiRoutes: RouteDef[] = [...authRoutes, ...userRoutes, ...tenantRoutes, ...auditRoutes, ...noteRoutes, ...portalRoutes, ...notificationRoutes, ...dashboardRoutes, ...standardRoutes, ...membersRoutes, ...meetingRoutes, ...liveRoutes, ...interactionRoutes, ...expertRoutes, ...reviewRoutes, ...complianceRoutes, ...surveyRoutes, ...meetingPortalRoutes, ...partyRoutes, ...governanceRoutes, ...disclosureRoutes, ...disclosurePortalRoutes, ...integrityRoutes, ...navBadgeRoutes];
