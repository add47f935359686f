/**
 * Portable full-text search for Chinese and Latin text. PGlite ships pg_trgm only as an extension
 * loaded at start, and PostgreSQL's own parsers do not segment Chinese; instead each profile
 * stores tokens in a GIN-indexed text[]: every Chinese character and character bigram, and every
 * lower-case Latin/digit word with its prefixes. A query matches when the profile holds all of the
 * query's tokens (`hasEvery`), so "光伏储能" finds "……光伏储能系统……" on both databases.
 */
const cjk = /[\p{Script=Han}]/u;
const MAX_PREFIX = 20;

function runs(text: string): { han: string[]; words: string[] } {
  const han: string[] = [];
  const words: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu)) {
    (cjk.test(m[0]) ? han : words).push(m[0]);
  }
  return { han, words };
}

/** Every token a stored text yields. */
export function indexTokens(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const { han, words } = runs(text);
    for (const r of han) {
      const chars = [...r];
      chars.forEach((c, i) => {
        out.add(c);
        if (i + 1 < chars.length) out.add(c + chars[i + 1]);
      });
    }
    for (const w of words) for (let n = 1; n <= Math.min(w.length, MAX_PREFIX); n++) out.add(w.slice(0, n));
  }
  return [...out];
}

/** The tokens a query must all match: bigrams of its Chinese runs (a lone character itself), its words (cut to the indexed prefix length). */
export function queryTokens(query: string): string[] {
  const out = new Set<string>();
  const { han, words } = runs(query);
  for (const r of han) {
    const chars = [...r];
    if (chars.length === 1) out.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  }
  for (const w of words) out.add(w.slice(0, MAX_PREFIX));
  return [...out];
}

/** A tag path and its ancestors: "新能源/光伏/储能" → ["新能源", "新能源/光伏", "新能源/光伏/储能"]. */
export function tagPaths(tags: string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const parts = tag.split('/');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return [...out];
}
