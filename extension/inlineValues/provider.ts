// The InlineValuesProvider for JavaScript and TypeScript (issue 15 §4): while a Rewind session is
// stopped, the lines of the current function show the values their variables had at this moment
// (VS Code's default `debug.inlineValues: auto` shows them once a provider exists). Which names:
// lookups.ts; their values: VS Code reads them from the stopped frame's recorded scopes.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../config/provider';
import { inlineLookups } from './lookups';

const LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

export function registerInlineValues(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(
    vscode.languages.registerInlineValuesProvider(
      LANGUAGES.map((language) => ({ language })),
      {
        provideInlineValues(document, viewPort, context): vscode.InlineValue[] {
          if (vscode.debug.activeDebugSession?.type !== DEBUG_TYPE) return [];
          const lines = Array.from({ length: document.lineCount }, (_, line0) => document.lineAt(line0).text);
          return inlineLookups(lines, context.stoppedLocation.start.line, viewPort.start.line, viewPort.end.line).map(
            (lookup) =>
              new vscode.InlineValueVariableLookup(
                new vscode.Range(lookup.line0, lookup.startColumn0, lookup.line0, lookup.endColumn0),
                lookup.name,
                true,
              ),
          );
        },
      },
    ),
  );
}
