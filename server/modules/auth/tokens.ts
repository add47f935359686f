import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** Random secrets handed to a user once; the database keeps only their SHA-256. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): the library's default (64 MiB, 3 passes,
// 4 lanes) costs about half a second of CPU per login on a small server, with little gain.
const argon2Options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, argon2Options);
}

/** True when a stored hash was made with other parameters and should be replaced at the next login. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, argon2Options);
}

// Verified against when the e-mail is unknown, so that the reply takes as long either way.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword('decoy-password-never-matches');
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
