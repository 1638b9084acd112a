// Entry of the standalone debug adapter (`dist/debugAdapter.js`): serve DAP on stdio. Nothing else.
import { runDebugAdapterOnStdio } from './server';

runDebugAdapterOnStdio();
