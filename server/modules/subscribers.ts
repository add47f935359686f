import type { Services } from '../http/routes.ts';
import { startComplianceEngine } from './compliance/service.ts';
import { startDashboardFeed } from './dashboard/service.ts';
import { startCreditArchive } from './credit/service.ts';
import { startPointsLedger } from './points/service.ts';
import { startNavBadges } from './nav-badges.ts';

/**
 * Modules that react in-process to domain events (the dashboard recomputing widgets, the rules
 * engine raising alerts). Each returns its stop function; a module that subscribes adds itself here.
 */
export function startSubscribers(services: Services): () => void {
  const stops = [startDashboardFeed(services), startComplianceEngine(services), startCreditArchive(services), startPointsLedger(services), startNavBadges(services)];
  return () => stops.forEach((stop) => stop());
}
