// What activate() returns to other extensions and to the extension-host tests: an event fired when
// a launch configuration is rejected (with the message the user saw). Deliberately tiny.
import type * as vscode from 'vscode';

export interface RewindApi {
  readonly onDidRejectConfiguration: vscode.Event<string>;
}
