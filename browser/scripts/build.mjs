// Builds the extension twice, for Chromium-family browsers and for Firefox:
// browser/dist/chromium/ and browser/dist/firefox/. Each script is one classic (IIFE) file, which
// content scripts need and both backgrounds accept; the manifest is manifest.base.json with each
// browser's overlay; the icons are the app's own (../icons).
import { build } from 'vite';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const entries = { background: 'src/background-main.ts', content: 'src/content-main.ts', popup: 'src/popup-main.ts' };
const icons = { 16: '16x16.png', 32: '32x32.png', 48: '48x48.png', 128: '128x128.png' };

async function json(path) {
  return JSON.parse(await readFile(join(here, path), 'utf8'));
}

for (const target of ['chromium', 'firefox']) {
  const out = join(here, 'dist', target);
  await rm(out, { recursive: true, force: true });
  for (const [name, entry] of Object.entries(entries)) {
    await build({
      root: here,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: out,
        emptyOutDir: false,
        target: 'es2022',
        minify: false,
        sourcemap: false,
        lib: { entry: join(here, entry), formats: ['iife'], name: `twofold_${name}`, fileName: () => `${name}.js` },
      },
    });
  }
  const manifest = { ...(await json('manifest.base.json')), ...(await json(`manifest.${target}.json`)) };
  await writeFile(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await copyFile(join(here, 'src/popup.html'), join(out, 'popup.html'));
  await copyFile(join(here, 'src/popup.css'), join(out, 'popup.css'));
  await mkdir(join(out, 'icons'), { recursive: true });
  for (const [size, file] of Object.entries(icons)) await copyFile(join(here, '..', 'icons', file), join(out, 'icons', `${size}.png`));
  console.log(`built dist/${target}`);
}
