import { can } from '#schema/permissions.ts';
import type { Note, PresenceEntry } from '#lib/api.ts';
import { apiFor } from '#lib/server/api.ts';
import { requireSession, rethrow } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const session = requireSession(event);
  const api = apiFor(event);
  try {
    const [presence, notes] = await Promise.all([
      api.get<{ online: PresenceEntry[] }>('/presence'),
      can(session.role, 'note.read') ? api.get<{ items: Note[] }>('/notes') : Promise.resolve(null),
    ]);
    return { online: presence.online, recentNotes: notes ? notes.items.slice(0, 5) : null };
  } catch (err) {
    rethrow(err, event);
  }
};
