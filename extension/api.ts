// What activate() returns to other extensions and to the extension-host tests: an event fired when
// a launch configuration is rejected (with the message the user saw), and whether the bottom
// panel's timeline view is shown (VS Code has no API that says). Deliberately tiny.
import type * as vscode from 'vscode';

export interface RewindApi {
  readonly onDidRejectConfiguration: vscode.Event<string>;
  /** The timeline view of the bottom panel (`rewind.timeline.location: "panel"`) is resolved and visible. */
  readonly timelineViewVisible: () => boolean;
}
