import { redirect } from '@sveltejs/kit';
import { requirePermission } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requirePermission(event, 'finance.read');
  redirect(303, '/finance/invoices');
};
