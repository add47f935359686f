/** The most rows one export holds; a larger list is narrowed with filters first. */
export const EXPORT_LIMIT = 10_000;

/** A file a route sends instead of JSON: exports of lists and reports, generated documents. */
export interface FileResult {
  filename: string;
  body: Buffer | Uint8Array;
}

export const fileFormats = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  csv: 'text/csv; charset=utf-8',
} as const;
export type FileFormat = keyof typeof fileFormats;

export function formatOf(filename: string): FileFormat {
  const ext = filename.split('.').pop()?.toLowerCase();
  if (!ext || !(ext in fileFormats)) throw new Error(`no known format for ${filename}`);
  return ext as FileFormat;
}

/** Content-Disposition that keeps Chinese file names (RFC 6266 / 5987) with an ASCII fallback. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
