import { createRequire } from 'node:module';

/** An uploaded figure's image as stored. */
export interface FigureImage {
  mime: string;
  content: Buffer;
  width: number | null;
  height: number | null;
}
/** The same, ready for a document: PNG or JPEG bytes (SVG rasterised, and kept for Word's own SVG support). */
export interface Renderable {
  type: 'png' | 'jpg';
  data: Buffer;
  /** Intrinsic size in CSS pixels. */
  width: number;
  height: number;
  svg?: Buffer;
}

const require = createRequire(import.meta.url);

/**
 * PDF and the DOCX fallback need raster images: SVGs are drawn with resvg (Rust, via napi), at twice
 * their size for sharp print, with the Noto Sans SC font so that Chinese labels in them show.
 * Loaded on the first export that has an SVG figure.
 */
async function rasterise(svg: Buffer, width: number | null): Promise<{ png: Buffer; width: number; height: number }> {
  const { Resvg } = await import('@resvg/resvg-js');
  const font = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  const target = Math.min(2400, Math.max(800, (width ?? 600) * 2));
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: target }, font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' }, background: 'white' });
  const intrinsic = { width: r.width, height: r.height };
  const png = Buffer.from(r.render().asPng());
  return { png, ...intrinsic };
}

export async function renderables(images: Map<string, FigureImage>): Promise<Map<string, Renderable>> {
  const out = new Map<string, Renderable>();
  for (const [src, img] of images) {
    try {
      if (img.mime === 'image/svg+xml') {
        const { png, width, height } = await rasterise(img.content, img.width);
        out.set(src, { type: 'png', data: png, width: img.width ?? width, height: img.height ?? height, svg: img.content });
      } else if (img.width && img.height) {
        out.set(src, { type: img.mime === 'image/png' ? 'png' : 'jpg', data: img.content, width: img.width, height: img.height });
      }
    } catch {
      // An image that cannot be drawn leaves its caption, as a figure by web address does.
    }
  }
  return out;
}

/** Scales (w, h) down to fit inside (maxW, maxH), keeping the ratio; never up. */
export function fitInto(w: number, h: number, maxW: number, maxH: number) {
  const k = Math.min(1, maxW / w, maxH / h);
  return { width: Math.round(w * k), height: Math.round(h * k) };
}
