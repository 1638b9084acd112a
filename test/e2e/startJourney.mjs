// The start journey against the packaged .vsix in code-server (issue 15 §6.1 and §5.5). The
// workspace's launch.json holds one configuration whose program is `${file}`, the way a user asks for
// "debug the file I am looking at":
//  1. F5 pressed while the timeline beside throws.js holds the keyboard starts a Rewind session of
//     throws.js and stops at its breakpoint (f5FromTimelineStep.mjs);
//  2. with that session's whole run on the timeline, the colour theme is switched from the Command
//     Palette to Dark+, Light+ and both High Contrast themes; in each, the breakpoint and exception
//     marks on the live canvas are readable and unlike each other (markerThemesStep.mjs);
//  3. in the Debug Console a built-in call runs and a call of the program's own function is refused
//     with a reason;
//  4. Step Back Out from its key, then loop.js recorded to its last line (stepBackOutKeyStep.mjs);
//     that recording saved and reopened through VS Code's file dialogs prints its output again,
//     linked to the printing line (reopenRecordingStep.mjs);
//  5. the timeline tab moved into the code's group reopens there (timelinePlacementStep.mjs).
// Screenshots: artifacts/e2e/start-*.png.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inCodeServer } from './codeServerSession.mjs';
import { runF5FromTimelineStep } from './f5FromTimelineStep.mjs';
import { runMarkerThemesStep } from './markerThemesStep.mjs';
import { runReopenRecordingStep } from './reopenRecordingStep.mjs';
import { runStepBackOutKeyStep } from './stepBackOutKeyStep.mjs';
import { runTimelinePlacementStep } from './timelinePlacementStep.mjs';
import { replEvaluate, stopSession } from './workbench.mjs';

/** The only launch configuration: the file in the editor, recorded whole before the first stop. */
const LAUNCH = {
  version: '0.2.0',
  configurations: [
    { type: 'rewind', request: 'launch', name: 'Rewind: file in the editor', program: '${file}', live: false },
  ],
};

export async function runStartJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  writeFileSync(join(workspace, '.vscode/launch.json'), `${JSON.stringify(LAUNCH, null, 2)}\n`);
  await inCodeServer(
    { name: 'start', node24, browser, scratch, vsix, workspace, artifacts },
    async ({ page, shot }) => {
      const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await runF5FromTimelineStep({ page, webview, shot });
      await runMarkerThemesStep({ page, webview, shot, artifacts });
      // Evaluation in the stop inside main() (issue 15 §4): a built-in runs on copies; the program's
      // own double() is not called, and the message says why.
      await replEvaluate(page, 'Math.max(2, 3)', /^3$/);
      await replEvaluate(page, 'double(2)', /calling double would run the program's code/);
      await shot('repl-own-function-refused');
      await runStepBackOutKeyStep({ page, shot });
      await runReopenRecordingStep({ page, shot, workspace });
      await runTimelinePlacementStep({ page, shot, codeFile: 'loop.js' });
      await stopSession(page);
    },
  );
}
