import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys, loadConfig } from './config.ts';

describe('configuration', () => {
  it('documents every setting in .env.example, and nothing else', () => {
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect([...new Set(documented)].sort()).toEqual([...configKeys].sort());
  });

  it('starts with defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, SEED_DEMO: true, PUBLIC_URL: 'http://localhost:3000', COOKIE_SECURE: false, PGLITE_SHARED_BUFFERS: '16MB' });
  });

  it('refuses a bad value with a message naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty', PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/PORT[\s\S]*PGLITE_SHARED_BUFFERS/);
  });

  it('turns the Secure cookie flag on for an https public URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://xiehui.example.org/' })).toMatchObject({ COOKIE_SECURE: true, PUBLIC_URL: 'https://xiehui.example.org' });
  });
});
