import { inflateSync } from 'node:zlib';

/**
 * Reads back the text of a PDF that pdfkit wrote (for tests; no PDF parser is a dependency):
 * inflates its streams, maps each font's glyph ids to Unicode through its ToUnicode CMap, and
 * decodes the TJ operators of the page contents. Returns the text of each text operator in order,
 * and the page count.
 */
export function pdfText(pdf: Buffer): { pages: number; lines: string[] } {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const header = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(src))) {
    let i = header.lastIndex;
    if (!src.startsWith('<<', i)) continue;
    // The dictionary, with nested dictionaries balanced.
    let depth = 0;
    const start = i;
    do {
      if (src.startsWith('<<', i)) {
        depth++;
        i += 2;
      } else if (src.startsWith('>>', i)) {
        depth--;
        i += 2;
      } else i++;
    } while (depth > 0 && i < src.length);
    const dict = src.slice(start, i);
    let stream: Buffer | null = null;
    const after = /^\s*stream\r?\n/.exec(src.slice(i, i + 20));
    if (after) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
      const from = i + after[0].length;
      const raw = pdf.subarray(from, from + length);
      stream = dict.includes('/FlateDecode') ? inflateSync(raw) : raw;
      header.lastIndex = from + length;
    } else header.lastIndex = i;
    objects.set(Number(m[1]), { dict, stream });
  }

  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (objectId: number) => {
    if (cmaps.has(objectId)) return cmaps.get(objectId)!;
    const map = new Map<number, string>();
    const text = objects.get(objectId)?.stream?.toString('latin1') ?? '';
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const lo = parseInt(r[1], 16);
        const hi = parseInt(r[2], 16);
        if (r[3].startsWith('[')) [...r[3].matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, k) => map.set(lo + k, utf16(d[1])));
        else for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(parseInt(r[3].slice(1, -1), 16) + c - lo));
      }
    }
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(r[1], 16), utf16(r[2]));
    }
    cmaps.set(objectId, map);
    return map;
  };

  // Resource names (/F2) → font object → its ToUnicode CMap.
  const fontCmap = new Map<string, number>();
  for (const { dict } of objects.values()) {
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(dict);
    if (!fonts) continue;
    for (const f of fonts[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(f[2]))?.dict ?? '');
      if (toUnicode) fontCmap.set(f[1], Number(toUnicode[1]));
    }
  }

  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    const content = stream?.toString('latin1') ?? '';
    if (!content.includes('BT')) continue;
    let font = '';
    for (const op of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (op[1]) {
        font = op[1];
        continue;
      }
      const map = fontCmap.has(font) ? cmapOf(fontCmap.get(font)!) : new Map<number, string>();
      let text = '';
      for (const h of op[2].matchAll(/<([0-9a-fA-F]+)>/g)) for (let k = 0; k < h[1].length; k += 4) text += map.get(parseInt(h[1].slice(k, k + 4), 16)) ?? '\uFFFD';
      lines.push(text);
    }
  }
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict)).length;
  return { pages, lines };
}
