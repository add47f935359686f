import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// The web app. Built from the repository root (`npm run build` → scripts/build.ts) into client/build,
// whose handler.js the API server mounts after /api, /socket.io and /collab.
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [
    sveltekit({
      adapter: adapter({ out: `${here}build`, precompress: true }),
      // Our components are runes-only; libraries' components compile as their authors wrote them.
      dynamicCompileOptions: ({ filename }) => (filename.includes('/node_modules/') ? undefined : { runes: true }),
    }),
  ],
  server: {
    // #schema/* and collab/editor.ts live outside client/.
    fs: { allow: [repo] },
  },
  build: { chunkSizeWarningLimit: 1200 },
});
