// Rewind's extension entry: wires the configuration provider, the adapter factory, the commands,
// the recording status bar item and the timeline panel. Activated only for Rewind debug sessions
// and Rewind commands (package.json activationEvents). Owns no logic of its own.
import * as vscode from 'vscode';
import { RewindAdapterFactory } from './adapter/factory';
import { CurrentFileConfigurationProvider, DEBUG_TYPE, RewindConfigurationProvider } from './config/provider';
import { recordCurrentFile } from './commands/recordCurrentFile';
import { openRecording } from './commands/openRecording';
import { saveRecording } from './commands/saveRecording';
import { registerTimeTravelCommands } from './commands/timeTravel';
import { registerValueHistory } from './commands/valueHistory';
import { registerGoToOutput } from './commands/goToOutput';
import { registerSchedulingFrameSelection } from './commands/schedulingFrames';
import { trackLastTextEditor } from './config/lastEditor';
import { registerInlineValues } from './inlineValues/provider';
import { registerRecordingStatus } from './recording/statusBar';
import { offerOrphanedTraces } from './recording/staleTraces';
import { registerTimeline } from './timeline/index';
import type { RewindApi } from './api';

export function activate(context: vscode.ExtensionContext): RewindApi {
  const rejected = new vscode.EventEmitter<string>();
  const { subscriptions } = context;
  subscriptions.push(
    rejected,
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new RewindConfigurationProvider((m) => rejected.fire(m)),
    ),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      new CurrentFileConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new RewindAdapterFactory(context.extensionPath)),
    vscode.commands.registerCommand('rewind.recordCurrentFile', recordCurrentFile),
    vscode.commands.registerCommand('rewind.openRecording', openRecording),
    vscode.commands.registerCommand('rewind.saveRecording', saveRecording),
  );
  registerTimeTravelCommands(subscriptions);
  registerValueHistory(subscriptions);
  registerGoToOutput(subscriptions);
  registerSchedulingFrameSelection(subscriptions);
  trackLastTextEditor(subscriptions);
  registerInlineValues(subscriptions);
  registerRecordingStatus(subscriptions);
  const timelineViewVisible = registerTimeline(context);
  offerOrphanedTraces();
  return { onDidRejectConfiguration: rejected.event, timelineViewVisible };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
