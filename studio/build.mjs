// Bundles the studio into the registration function's resources: fingerprinted JS and CSS, index.html naming
// them, and the licences of the third-party code inside. `node build.mjs --check` builds into a temporary
// folder and fails unless the result equals the committed files byte for byte.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const committed = path.resolve(here, '../functions/registration/src/main/resources/studio');
const check = process.argv.includes('--check');
const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'studio-')) : committed;

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/main.js'],
  outdir: path.join(out, 'assets'),
  entryNames: 'studio-[hash]',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map(f => path.basename(f));
const js = outputs.find(f => f.endsWith('.js'));
const css = outputs.find(f => f.endsWith('.css'));
const html = fs.readFileSync(path.join(here, 'src/index.html'), 'utf8').replace('{{js}}', 'assets/' + js).replace('{{css}}', 'assets/' + css);
fs.writeFileSync(path.join(out, 'index.html'), html);

// every package whose code is in the bundle, with its licence text
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m && !packages.has(m[1])) packages.set(m[1], path.join(here, 'node_modules', m[1]));
}
let notices = 'Third-party code in the studio\'s bundle (' + js + ', ' + css + '), from npm (studio/package-lock.json).\n';
for (const name of [...packages.keys()].sort()) {
  const dir = packages.get(name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = fs.readdirSync(dir).sort().find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  if (!licenceFile) throw new Error(name + ' ships no licence file; its licence must be added to the notices by hand-checked means.');
  notices += '\n' + '='.repeat(72) + '\n' + name + ' ' + meta.version + ' (' + meta.license + ')\n' + '='.repeat(72) + '\n\n'
    + fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() + '\n';
}
fs.writeFileSync(path.join(out, 'THIRD-PARTY-NOTICES.txt'), notices);

const gzipped = gzipSync(fs.readFileSync(path.join(out, 'assets', js)), { level: 9 }).length;
console.log('studio: ' + js + ' ' + fs.statSync(path.join(out, 'assets', js)).size + ' bytes, '
  + (gzipped / 1024).toFixed(1) + ' KiB gzipped (first load budget: 400 KiB); ' + packages.size + ' third-party packages');

if (check) {
  const list = dir => fs.readdirSync(dir, { recursive: true }).filter(f => fs.statSync(path.join(dir, f)).isFile()).sort();
  const digest = file => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const built = list(out);
  const have = fs.existsSync(committed) ? list(committed) : [];
  const differences = [...new Set([...built, ...have])].filter(f => !built.includes(f) || !have.includes(f)
    || digest(path.join(out, f)) !== digest(path.join(committed, f)));
  fs.rmSync(out, { recursive: true, force: true });
  if (differences.length) {
    console.error('The committed studio bundle differs from what studio/ builds: ' + differences.join(', ')
      + '\nRun (cd studio && npm ci && npm run build) and commit the result.');
    process.exit(1);
  }
  console.log('studio: the committed bundle equals the build');
}
