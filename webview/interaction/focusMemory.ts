// Gives the focus back to the element of the timeline that last had it when the webview regains
// the window focus. A seek started here moves VS Code's focus to the editor and back (issue 15 §1),
// and the webview then comes back with only <body> focused, so Shift+Arrow scrubbing stopped after
// one move. VS Code can also give its webview frame the focus without passing it on to this
// document (its host frame skips that when this frame was already its active element; seen under
// load): `refocus()` is then called when the extension says the timeline should have the focus.
// Knows nothing about what the elements are.

/** Returns `refocus`: takes the window focus if this document lacks it, and restores the last element. */
export function rememberFocus(doc: Document, win: Window): () => void {
  let last: HTMLElement | undefined;
  doc.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement && event.target !== doc.body) last = event.target;
  });
  const restore = (): void => {
    const active = doc.activeElement;
    if ((active === null || active === doc.body) && last?.isConnected) last.focus({ preventScroll: true });
  };
  win.addEventListener('focus', restore);
  return () => {
    if (!doc.hasFocus()) win.focus();
    restore();
  };
}
