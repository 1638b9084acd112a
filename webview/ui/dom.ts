// The only way the webview creates elements: attributes by setAttribute and content by
// textContent, so recorded names, paths and values can never become markup (SEC-06).
// There is deliberately no helper taking HTML.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** `path:line` with only the last two path segments, for compact lists. */
export function shortLocation(path: string, line: number): string {
  const parts = path.split(/[\\/]/);
  return `${parts.slice(-2).join('/')}:${line}`;
}
