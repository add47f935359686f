/** Error codes of the JSON API, each with its HTTP status; messages live in i18n under errors.<code>. */
export const errorStatus = {
  invalid_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  forbidden: 403,
  not_member: 403,
  not_found: 404,
  tenant_not_found: 404,
  conflict: 409,
  already_member: 409,
  invitation_invalid: 410,
  reset_token_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
