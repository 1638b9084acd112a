// Tells the extension when this document gains or loses the keyboard focus (a `focusChanged`
// message). A timeline in VS Code's bottom panel is a webview view, and a view tells the extension
// only whether it is shown: without this the extension could not see VS Code focus a stop's editor
// after a move that started here, and a key meant for the timeline went to the code (issue 15 §1).
// Knows nothing of what the focus is used for.

/** Reports the current focus once, then each change; `report` gets true on gain, false on loss. */
export function reportFocus(doc: Document, win: Window, report: (focused: boolean) => void): void {
  let last: boolean | undefined;
  const send = (focused: boolean): void => {
    if (focused === last) return;
    last = focused;
    report(focused);
  };
  win.addEventListener('focus', () => send(true));
  // In a blur listener the document may still say it has the focus: the event itself is the answer.
  win.addEventListener('blur', () => send(false));
  send(doc.hasFocus());
}
