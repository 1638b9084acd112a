// The frontmatter of a test262 file (`/*--- … ---*/`): includes, flags and negative, read from the
// YAML subset test262 uses (inline `[a, b]` lists, `- item` block lists, one nested map). Knows
// the file format only: not how a test is run or judged.

/** @typedef {{ phase: string, type: string }} Negative */
/**
 * @typedef {{ description: string, includes: string[], flags: string[], features: string[], negative?: Negative }}
 * Metadata
 */

const FRONTMATTER = /\/\*---\r?\n([\s\S]*?)\r?\n---\*\//;

/** @returns {Metadata} */
export function parseMetadata(source) {
  const match = FRONTMATTER.exec(source);
  /** @type {Metadata} */
  const metadata = { description: '', includes: [], flags: [], features: [] };
  if (!match) return metadata;
  const lines = match[1].split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const top = /^([A-Za-z_]+):\s*(.*)$/.exec(lines[i]);
    if (!top) continue;
    const [, key, rest] = top;
    const block = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) block.push(lines[++i]);
    if (key === 'negative') {
      const fields = Object.fromEntries(
        block
          .map((line) => /^\s+(\w+):\s*(.*)$/.exec(line))
          .filter(Boolean)
          .map((m) => [m[1], m[2].trim()]),
      );
      metadata.negative = { phase: fields.phase ?? '', type: fields.type ?? '' };
    } else if (key === 'includes' || key === 'flags' || key === 'features') {
      metadata[key] = listOf(rest, block);
    } else if (key === 'description') {
      metadata.description = [rest.replace(/^[|>]\s*$/, ''), ...block.map((line) => line.trim())]
        .filter(Boolean)
        .join(' ');
    }
  }
  return metadata;
}

function listOf(inline, block) {
  const text = inline.trim();
  if (text.startsWith('['))
    return text
      .slice(1, text.lastIndexOf(']'))
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return block.map((line) => /^\s*-\s*(.+)$/.exec(line)?.[1].trim()).filter(Boolean);
}
