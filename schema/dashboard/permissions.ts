import { defineAccess } from '../permissions.ts';

/** 领导驾驶舱: the live overview for the council and the secretary-general (admin). */
export const dashboardAccess = defineAccess({
  actions: ['dashboard.view'],
  grants: { council: ['dashboard.view'] },
});
