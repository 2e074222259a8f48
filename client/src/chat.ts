import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type ContextPackParams, type ContextPackResult, Requests, type SearchHitView, type SearchParams, type SearchResult } from '../../protocol';

/**
 * The `@rtlens` chat participant: the question goes to RTLens's search, the context packs of
 * the best hits (item, drivers and loads, ports, parents) go with it to a language model when
 * the editor offers one, and the answer streams back with the hits as references. Without a
 * model the context packs themselves are the answer.
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
  stream.progress('Searching the design…');
  let result: SearchResult | null;
  try {
    const params: SearchParams = { query: question, k: SEARCH_K };
    result = await client.sendRequest<SearchResult | null>(Requests.search, params, token);
  } catch (error) {
    if (token.isCancellationRequested) return {};
    return { errorDetails: { message: `RTLens search failed: ${errorText(error)}` } };
  }
  if (token.isCancellationRequested) return {};
  const hits = result?.hits ?? [];
  if (hits.length === 0) {
    stream.markdown(`RTLens found nothing${result?.message ? `: ${result.message}` : ' for that in this workspace'}.`);
    return {};
  }
  if (result?.partial) stream.markdown('_The workspace index is still being built: this answer covers the files read so far._\n\n');
  for (const hit of hits) stream.reference(location(hit));

  stream.progress('Gathering context…');
  const top = hits.slice(0, PACKS);
  const packs = await Promise.all(
    top.map((hit) => {
      const params: ContextPackParams = { key: hit.key };
      return client.sendRequest<ContextPackResult | null>(Requests.contextPack, params, token).catch(() => null);
    }),
  );
  if (token.isCancellationRequested) return {};
  const found = packs.filter((p): p is ContextPackResult => !!p?.markdown);
  if (found.length === 0) {
    // No pack came back: the hits' own descriptions are the context.
    found.push(...top.map((hit) => ({ title: label(hit), markdown: `### ${label(hit)}\n${hit.summary}\n${hit.snippet ? `\n\`\`\`verilog\n${hit.snippet}\n\`\`\`\n` : ''}` })));
  }

  const model = await chatModel();
  if (token.isCancellationRequested) return {};
  if (model) {
    try {
      const budget = Math.min(MAX_CONTEXT_CHARS, Math.max(4_000, (model.maxInputTokens || 0) * 3 - question.length - 2_000));
      const prompt = [
        'You answer questions about a Verilog/SystemVerilog design. Below is context that the RTLens extension',
        'retrieved from the workspace for the question: the best matching modules, blocks or signals, each with',
        'its drivers and loads, its module\'s ports and the modules that instantiate it. Answer from this context;',
        'name modules, signals and files as they are written, and say so when the context does not answer the question.',
        '',
        '# Context',
        clip(found.map((p) => p.markdown).join('\n\n---\n\n'), budget),
        '',
        '# Question',
        question,
      ].join('\n');
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification: 'RTLens answers questions about your HDL design from the code it found in the workspace.' }, token);
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
  stream.markdown(found.map((p) => p.markdown).join('\n\n---\n\n'));
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

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}\n\n(context cut to fit the model)`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
