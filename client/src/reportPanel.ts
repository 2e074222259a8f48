/**
 * One webview panel reused across refreshes: created on first show, its message and dispose
 * handlers registered once (a refresh replaces the page, not the panel, nor adds a handler: one
 * Export opens one dialog, however often the report was refreshed), created again after the
 * user closes it. Free of the VS Code API (the panel comes from a factory) so unit tests pin it.
 */
export interface PanelLike<M> {
  title: string;
  webview: { html: string; cspSource: string; onDidReceiveMessage(listener: (message: M) => unknown): unknown };
  onDidDispose(listener: () => unknown): unknown;
  reveal(column?: unknown, preserveFocus?: boolean): void;
}

export class ReusedPanel<M, P extends PanelLike<M> = PanelLike<M>> {
  private panel: P | undefined;

  constructor(
    private readonly create: () => P,
    private readonly onMessage: (message: M) => unknown,
  ) {}

  /** Shows `html(cspSource)` under `title`, in the one panel. */
  show(title: string, html: (cspSource: string) => string): P {
    if (!this.panel) {
      const created = this.create();
      created.onDidDispose(() => {
        if (this.panel === created) this.panel = undefined;
      });
      created.webview.onDidReceiveMessage((message) => this.onMessage(message));
      this.panel = created;
    }
    this.panel.title = title;
    this.panel.webview.html = html(this.panel.webview.cspSource);
    this.panel.reveal(undefined, true);
    return this.panel;
  }

  get open(): boolean {
    return this.panel !== undefined;
  }
}
