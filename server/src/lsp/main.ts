// Entry of the bundled language server (dist/server.js), started by the client over IPC or
// by `rtlens lsp --stdio`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { loadNodeGrammar } from '../workers/host';
import { nodeHost } from './nodeHost';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), { host: nodeHost, grammar: loadNodeGrammar });
