// Calm, distinguishable colours for people: avatars, collaboration carets, presence dots.
const palette = ['#1f6fb2', '#2f7d4f', '#b8612b', '#7b4fa8', '#b3362f', '#1a8a8a', '#8a6d1f', '#4a5fc1', '#a8457a', '#3d7a2a'];

/** A stable colour for a user id (or any string). */
export function colorFor(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return palette[(h >>> 0) % palette.length];
}

/** One or two characters for an avatar: the first Chinese character, or initials. */
export function initials(name: string): string {
  const clean = name.replace(/[（(].*?[）)]/g, '').trim() || name.trim();
  if (!clean) return '?';
  if (/[\u3400-\u9fff]/.test(clean[0])) return clean.slice(0, 1);
  const parts = clean.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || clean[0].toUpperCase();
}
