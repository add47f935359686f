import { z } from 'zod';

/** One widget's current numbers; each widget defines the shape of its own data. */
export const WidgetState = z.object({ key: z.string(), data: z.unknown(), updatedAt: z.iso.datetime() }).meta({ id: 'DashboardWidget' });

export const DashboardSnapshot = z
  .object({ widgets: z.array(WidgetState), generatedAt: z.iso.datetime() })
  .meta({ id: 'DashboardSnapshot', description: 'Every widget the caller may see; later changes arrive live as dashboard:widget' });

/** Active members: distinct people who logged in, per day of the last 30 (association time zone). */
export interface ActiveMembersData {
  active30d: number;
  total: number;
  days: { date: string; active: number }[];
}
