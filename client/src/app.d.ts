import type { Locale } from '#schema/roles.ts';
import type { Session } from '#lib/api.ts';

declare global {
  namespace App {
    interface Locals {
      /** The caller's session from GET /api/v1/auth/session, or null when not logged in. */
      session: Session | null;
      /** Interface language for this request: user setting, else the xh_locale cookie, else Accept-Language. */
      locale: Locale;
    }
    interface PageData {
      session: Session | null;
      locale: Locale;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
