// NODE_OPTIONS for a recorded program: the bootloader first (so it captures builtins before any
// other preload can patch them), then whatever the user already had. Owns Node's quoting rules
// for NODE_OPTIONS (double quotes, backslash escapes) and nothing else.

/** Quotes a path for NODE_OPTIONS when it holds a space, a quote or a backslash. */
export function quoteNodeOption(value: string): string {
  if (!/[\s"\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function nodeOptionsWithBootloader(existing: string | undefined, bootloaderPath: string): string {
  const ours = `--require ${quoteNodeOption(bootloaderPath)}`;
  const theirs = existing?.trim();
  return theirs ? `${ours} ${theirs}` : ours;
}
