import type { Role, Locale } from '#schema/roles.ts';

/** Who is calling, resolved from the session cookie or bearer token. */
export interface Auth {
  sessionId: string;
  kind: 'cookie' | 'bearer';
  expiresAt: Date;
  user: { id: string; email: string; name: string; locale: Locale | null };
  tenant: { id: string; slug: string; name: string; nameEn: string | null; timeZone: string };
  role: Role;
  memberships: { id: string; slug: string; name: string; nameEn: string | null; role: Role }[];
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    locale: Locale;
    auth: Auth | null;
  }
}
