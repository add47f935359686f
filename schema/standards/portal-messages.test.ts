import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portalLocales } from '../portal/locales.ts';
import { portalStandardsMessages, portalStandardsText } from './portal-messages.ts';

const root = resolve(import.meta.dirname, '../../client/src/routes/portal/[tenant]');
const pages = ['standards', 'comments'].flatMap(function walk(dir: string): string[] {
  const full = join(root, dir);
  return readdirSync(full).flatMap((f) => (statSync(join(full, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.svelte') ? [join(full, f)] : []));
});
const flat = (o: object, prefix = ''): [string, string][] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flat(v, `${prefix}${k}.`)));
const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('portal words of the standards pages', () => {
  it('exist in every portal language, none empty, none left in Chinese, with the same {{params}}', () => {
    const zh = Object.fromEntries(flat(portalStandardsMessages['zh-CN']));
    for (const l of portalLocales) {
      const words = Object.fromEntries(flat(portalStandardsMessages[l]));
      expect(Object.keys(words).sort(), l).toEqual(Object.keys(zh).sort());
      for (const [k, v] of Object.entries(words)) {
        expect(v.trim(), `${l}.${k}`).not.toBe('');
        expect(params(v), `${l}.${k}`).toEqual(params(zh[k]));
        if (l !== 'zh-CN') expect(/[\u4e00-\u9fff]/.test(v) && l !== 'ja', `${l}.${k} is Chinese`).toBe(false);
      }
    }
  });

  it('are the only words those pages use: no workspace message and no hard-coded text reaches the portal reader', () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const file of pages) {
      const src = readFileSync(file, 'utf8');
      // Workspace messages speak zh-CN and en only.
      expect(src, file).not.toMatch(/\bt\(['`]/);
      for (const [, key] of src.matchAll(/\bst\('([\w.]+)'/g)) expect(portalStandardsText('de', key as never), `${file}: ${key}`).not.toMatch(/undefined/);
      // Markup text outside {…} is left only for names (PDF, Word) and punctuation.
      let markup = src.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ');
      for (let prev = ''; prev !== markup; ) [prev, markup] = [markup, markup.replace(/\{[^{}]*\}/g, ' ')];
      const text = [...markup.matchAll(/>([^<>]+)</g)].map((m) => m[1].trim()).filter((s) => s && !/^(PDF|Word|OK|[\s/|·—–-]+)$/.test(s));
      expect(text, file).toEqual([]);
    }
  });

  it('fill in their parameters', () => {
    expect(portalStandardsText('fr', 'open', { date: '31/12/2026' })).toBe('Ouvert aux commentaires jusqu’au 31/12/2026');
    expect(portalStandardsText('ko', 'types.technical')).toBe('기술');
  });
});
