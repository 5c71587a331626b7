// Compiles functions/Pages/site.scss (govuk-frontend's Sass in Arial, no GDS Transport font) to .build/site.css.
// Run by `npm ci` (package.json's postinstall), so a fresh clone's run and test commands have it before .NET builds.
import { compile, NodePackageImporter } from 'sass';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = compile(join(root, 'functions', 'Pages', 'site.scss'), {
  style: 'compressed',
  importers: [new NodePackageImporter(root)],
  quietDeps: true,
});
mkdirSync(join(root, '.build'), { recursive: true });
writeFileSync(join(root, '.build', 'site.css'), result.css);
console.log(`built .build/site.css (${result.css.length} bytes)`);
