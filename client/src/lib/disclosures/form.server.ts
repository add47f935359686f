import type { RequestEvent } from '@sveltejs/kit';
import { fields } from '#lib/server/guard.ts';

/** A file chosen in a form, base64-encoded as the API takes it; null when none was chosen. */
export async function uploadOf(v: FormDataEntryValue | null) {
  if (!(v instanceof File) || v.size === 0) return null;
  return { name: v.name, contentType: v.type, data: Buffer.from(await v.arrayBuffer()).toString('base64') };
}

/** The disclosure form's fields as the API takes them, and what was typed (to show it again on failure). */
export async function disclosureBody(event: Pick<RequestEvent, 'request'>, editing: boolean) {
  const data = await event.request.formData();
  const v = fields(data, 'kind', 'title', 'year', 'body', 'removeFile');
  const upload = await uploadOf(data.get('file'));
  const file = upload ? { ...upload, contentType: 'application/pdf' } : null;
  const body = {
    kind: v.kind,
    title: v.title,
    year: v.year ? Number(v.year) : null,
    body: v.body,
    ...(file ? { file } : editing && v.removeFile ? { file: null } : {}),
  };
  return { body, values: v };
}
