// Server-side helpers of the members pages (form actions): uploads and PUT calls to the API.
import type { RequestEvent } from '@sveltejs/kit';
import { callApi } from '#lib/server/api.ts';
import { allowedUploadTypes } from '#schema/members/api.ts';

type Event = Parameters<typeof callApi>[0] & Pick<RequestEvent, 'locals'>;

export const put = <T>(event: Event, path: string, body: unknown) => callApi<T>(event, 'PUT', path, { body });

/** Uploads a submitted file (if one was chosen) and returns its id. */
export async function uploadIfAny(event: Event, file: FormDataEntryValue | null): Promise<string | undefined> {
  if (!(file instanceof File) || file.size === 0) return undefined;
  const type = (allowedUploadTypes as readonly string[]).includes(file.type) ? file.type : file.name.toLowerCase().endsWith('.pdf') ? 'application/pdf' : file.type;
  const data = Buffer.from(await file.arrayBuffer()).toString('base64');
  const res = await callApi<{ id: string }>(event, 'POST', '/member-files', { body: { name: file.name, contentType: type, data } });
  return res.id;
}
