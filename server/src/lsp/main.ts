// Entry of the bundled language server (dist/server.js), started by the client over IPC or
// by `rtlens lsp --stdio`.
import { startServer } from './server';

startServer();
