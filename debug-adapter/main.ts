// Entry of the standalone debug adapter (`dist/debugAdapter.js`): serve DAP on stdio. Nothing
// else lives here, so the CLI (`rewind dap`) and this entry share server.ts unchanged.
import { runDebugAdapterOnStdio } from './server';

runDebugAdapterOnStdio();
