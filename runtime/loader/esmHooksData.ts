// What the bootloader hands Node 20's off-thread ESM loader at module.register time (structured-
// cloned, the ports and SharedArrayBuffers transferred or shared): read by the hooks entry
// (esmHooks.ts) and its lazily loaded body (esmHooksBody.ts). Its own file so neither imports the other.
import type { MessagePort } from 'node:worker_threads';
import type { LevelPlan } from '../format/plan';

export interface EsmHooksData {
  control: SharedArrayBuffer;
  probeFlags: SharedArrayBuffer;
  stopFlags?: SharedArrayBuffer;
  port: MessagePort;
  /** Source registrations for Function.prototype.toString (loader/sourceTexts.ts), read by the main thread. */
  sourcesPort: MessagePort;
  level: 'full' | 'calls';
  /** The focused-recording plan (per-file levels), when the launcher sent one. */
  plan?: LevelPlan;
  /** A deferred recording: files left unrecorded are still hashed (their identity is checked at re-execution). */
  deferred?: 'log';
  redact: boolean;
  include: string[];
  exclude: string[];
  root: string;
  cacheDir: string;
  hideForeignSourceMaps: boolean;
  /** dist/esmHooksBody.js, required on the first load. */
  bodyFile: string;
}
