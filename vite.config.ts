import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The register is a plain web app: Electron loads the same build from disk, a browser or tablet
// loads it over HTTP, and end-to-end tests drive it in Chromium. `--mode electron-main` and
// `--mode electron-preload` build the shell as CommonJS, one self-contained file each: a
// sandboxed preload cannot require a shared chunk.
const shellEntries: Record<string, string> = {
  'electron-main': 'electron/main/index.ts',
  'electron-preload': 'electron/preload/index.ts',
};

function copyMigrations(): Plugin {
  return {
    name: 'opentill-copy-migrations',
    writeBundle: () =>
      cpSync('sync-server/infra/db/migrations', 'dist/server/migrations', { recursive: true }),
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'server') {
    // The sync server for the desktop package (`OpenTill --serve`): its npm dependencies stay
    // external (electron-builder ships them), its SQL migrations are copied beside it.
    return {
      build: {
        outDir: 'dist/server',
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        ssr: 'sync-server/cli/serve.ts',
        rollupOptions: { output: { format: 'es', entryFileNames: 'serve.mjs' } },
      },
      plugins: [copyMigrations()],
    };
  }
  if (mode === 'office') {
    // The back office: a second entry of the same React code, served by the sync server at
    // /office/ (absolute base, so deep links like /office/orders/… load their assets).
    return {
      root: 'renderer/back-office',
      base: '/office/',
      plugins: [react()],
      build: { outDir: '../../dist/office', emptyOutDir: true, target: 'es2022' },
    };
  }
  const shellEntry = shellEntries[mode];
  if (shellEntry) {
    return {
      build: {
        outDir: 'dist/electron',
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        lib: {
          entry: shellEntry,
          formats: ['cjs'],
          fileName: () => `${mode.replace('electron-', '')}.cjs`,
        },
        rollupOptions: {
          external: [
            'electron',
            'electron-updater',
            ...builtinModules,
            ...builtinModules.map((m) => `node:${m}`),
          ],
        },
      },
    };
  }
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
    },
  };
});
