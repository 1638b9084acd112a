// One documented allowance shared by every plain-vs-recorded comparison: Node 20 prints one extra
// blank line after the caret of a source-mapped crash location (its own formatting, gone in Node
// 22+). The recorder turns source maps on so that the location shown is the user's own line; this
// removes exactly that one line, and only on Node 20, before outputs are compared.

export function withoutNode20MappedCaretBlank(stderr: string, nodeMajor: number): string {
  return nodeMajor === 20 ? stderr.replace(/^( *\^\n)\n(?=\n)/m, '$1') : stderr;
}
