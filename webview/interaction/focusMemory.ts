// Gives the focus back to the element of the timeline that last had it when the webview regains
// the window focus. A seek started here moves VS Code's focus to the editor and back (issue 15 §1),
// and the webview then comes back with only <body> focused, so Shift+Arrow scrubbing stopped after
// one move. Knows nothing about what the elements are.

export function rememberFocus(doc: Document, win: Window): void {
  let last: HTMLElement | undefined;
  doc.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement && event.target !== doc.body) last = event.target;
  });
  win.addEventListener('focus', () => {
    const active = doc.activeElement;
    if ((active === null || active === doc.body) && last?.isConnected) last.focus({ preventScroll: true });
  });
}
