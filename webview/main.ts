// Entry of the timeline webview bundle (dist/webview/timeline.js): builds the panel and connects
// it to the host. Everything else lives in app.ts and the folders it wires.
import { TimelineApp } from './app';
import { vscodeApi } from './host';
import { buildSkeleton } from './ui/skeleton';

new TimelineApp(buildSkeleton(document.body), vscodeApi()).start();
