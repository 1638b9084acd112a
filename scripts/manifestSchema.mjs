// Writes package.json's launch schema and `rewind.*` launch settings from the launch-attribute table
// (protocol/manifestSchema.ts), so a new attribute is declared once: VS Code reads the schema only
// from package.json. Run by `npm run build`; writes only when the generated part changed, and keeps
// every other key (commands, the editor's own settings) as it is.
// test/protocol/launchAttributes.test.ts fails when the committed package.json is not this output.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

async function loadGenerator() {
  const bundled = await build({
    entryPoints: ['protocol/manifestSchema.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'warning',
  });
  const code = bundled.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

export async function syncManifest(path = 'package.json') {
  const { launchProperties, settingProperties } = await loadGenerator();
  const before = readFileSync(path, 'utf8');
  const manifest = JSON.parse(before);
  const debuggerEntry = manifest.contributes.debuggers.find((entry) => entry.type === 'rewind');
  debuggerEntry.configurationAttributes.launch.properties = launchProperties();
  const generated = settingProperties();
  const configuration = manifest.contributes.configuration;
  const others = Object.entries(configuration.properties).filter(([key]) => !(key in generated));
  configuration.properties = { ...generated, ...Object.fromEntries(others) };
  const after = `${JSON.stringify(manifest, null, 2)}\n`;
  if (after === before) return false;
  writeFileSync(path, after);
  console.log(`build: ${path} launch schema and settings regenerated from protocol/launchAttributes.ts`);
  return true;
}
