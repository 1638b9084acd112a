// Which extension-host suites run: a trusted workspace runs everything, an untrusted one (told by
// REWIND_HOST_SUITE=untrusted) only the trust gating, so neither pass can silently run the other's.
// Shared by both entries: index.ts (the `extensionTestsPath` run() contract, used in code-server)
// and vscodeTest.ts (a mocha file for `npx vscode-test` with @vscode/test-cli).
import { defineConfigurationSuite } from './host/configuration.suite';
import { defineStepBackSuite } from './host/stepBack.suite';
import { defineCommandsSuite } from './host/commands.suite';
import { defineAdapterHostingSuite } from './host/adapterHosting.suite';
import { defineTrustSuite } from './host/trust.suite';
import { defineTimeTravelSuite } from './host/timeTravel.suite';
import { defineValueHistorySuite } from './host/valueHistory.suite';
import { defineTimelinePlacementSuite } from './host/timelinePlacement.suite';
import { defineTimelineViewSuite } from './host/timelineView.suite';
import { definePrintedOutputSuite } from './host/printedOutput.suite';

export function hostSuites(): Array<() => void> {
  return process.env.REWIND_HOST_SUITE === 'untrusted'
    ? [defineTrustSuite]
    : [
        defineConfigurationSuite,
        defineStepBackSuite,
        defineCommandsSuite,
        defineTimeTravelSuite,
        defineValueHistorySuite,
        definePrintedOutputSuite,
        defineTimelinePlacementSuite,
        defineTimelineViewSuite,
        defineAdapterHostingSuite,
      ];
}
