import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { type AskParams, type AskResult, Requests, type SearchHitView } from '../../protocol';

/**
 * The `@rtlens` chat participant: the server searches for the question and builds the prompt
 * with the context packs of the best hits (item, drivers and loads, ports, parents:
 * rtlens/askContext, the same as `rtlens ask`); it goes to a language model when the editor
 * offers one, and the answer streams back with the hits as references. Without a model the
 * context packs themselves are the answer.
 */
const SEARCH_K = 5;
const PACKS = 3;
/** Context sent to a model at most, in characters (about 4 per token), whatever its window. */
const MAX_CONTEXT_CHARS = 48_000;

export function registerChat(context: vscode.ExtensionContext, client: LanguageClient): void {
  // The chat API is absent from older hosts and some builds (code-server, VSCodium): no participant then.
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (typeof chat?.createChatParticipant !== 'function') return;
  try {
    const participant = chat.createChatParticipant('rtlens.chat', (request, _history, stream, token) => answer(client, request, stream, token));
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rtlens.svg');
    context.subscriptions.push(participant);
  } catch (error) {
    client.outputChannel.appendLine(`RTLens: no chat participant: ${errorText(error)}`);
  }
}

async function answer(client: LanguageClient, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const question = request.prompt.trim();
  if (!question) {
    stream.markdown('Ask about this design, for example *which block stalls the pipeline on a load-use hazard* or *where is the FIFO full flag computed*.');
    return {};
  }
  const model = await chatModel();
  if (token.isCancellationRequested) return {};
  stream.progress('Searching the design…');
  // Retrieval and the prompt are the server's (ask.ts): the same as `rtlens ask` prints.
  let result: AskResult | null;
  try {
    const maxChars = model ? Math.min(MAX_CONTEXT_CHARS, Math.max(4_000, (model.maxInputTokens || 0) * 3 - question.length - 2_000)) : MAX_CONTEXT_CHARS;
    const params: AskParams = { query: question, k: SEARCH_K, packs: PACKS, maxChars };
    result = await client.sendRequest<AskResult | null>(Requests.askContext, params, token);
  } catch (error) {
    if (token.isCancellationRequested) return {};
    return { errorDetails: { message: `RTLens search failed: ${errorText(error)}` } };
  }
  if (token.isCancellationRequested) return {};
  const hits = result?.hits ?? [];
  if (!result || hits.length === 0) {
    stream.markdown(`RTLens found nothing${result?.message ? `: ${result.message}` : ' for that in this workspace'}.`);
    return {};
  }
  if (result.partial) stream.markdown('_The workspace index is still being built: this answer covers the files read so far._\n\n');
  for (const hit of hits) stream.reference(location(hit));
  const top = hits.slice(0, PACKS);
  if (model) {
    try {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(result.prompt)], { justification: 'RTLens answers questions about your HDL design from the code it found in the workspace.' }, token);
      for await (const fragment of response.text) {
        if (token.isCancellationRequested) return {};
        stream.markdown(fragment);
      }
      sources(stream, top);
      return {};
    } catch (error) {
      if (token.isCancellationRequested) return {};
      stream.markdown(`_The language model did not answer (${errorText(error)}); here is the context RTLens found._\n\n`);
    }
  } else {
    stream.markdown('_No language model is available, so here is the context RTLens found for your question._\n\n');
  }
  stream.markdown(result.context.map((p) => p.markdown).join('\n\n---\n\n'));
  sources(stream, top);
  return {};
}

/** The first chat model the editor offers, or none (no API, no model, or the user has not allowed it). */
async function chatModel(): Promise<vscode.LanguageModelChat | undefined> {
  const lm = (vscode as { lm?: typeof vscode.lm }).lm;
  if (typeof lm?.selectChatModels !== 'function') return undefined;
  try {
    return (await lm.selectChatModels())[0];
  } catch {
    return undefined;
  }
}

function sources(stream: vscode.ChatResponseStream, hits: SearchHitView[]): void {
  stream.markdown('\n\n**Sources:** ');
  hits.forEach((hit, i) => {
    if (i > 0) stream.markdown(', ');
    stream.anchor(location(hit), label(hit));
  });
}

function location(hit: SearchHitView): vscode.Location {
  const { start, end } = hit.range;
  return new vscode.Location(vscode.Uri.parse(hit.uri), new vscode.Range(start.line, start.character, end.line, end.character));
}

function label(hit: SearchHitView): string {
  if (hit.granularity === 'signal' && hit.signal) return `${hit.module}.${hit.signal}`;
  if (hit.granularity === 'block') return `${hit.module} · ${hit.block ?? 'block'}`;
  return hit.module;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
