import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type PanelLike, ReusedPanel } from '../../client/src/reportPanel';

/**
 * The PPA report's panel across refreshes. The defect it pins: every refresh added a message
 * and a dispose handler, so after N refreshes one Export opened N save dialogs.
 */
type Message = { export: 'json' };

function fakePanels() {
  const made: (PanelLike<Message> & { send(m: Message): void; close(): void; listeners: number })[] = [];
  const create = () => {
    const messages: ((m: Message) => unknown)[] = [];
    const disposes: (() => unknown)[] = [];
    const panel = {
      title: '',
      webview: { html: '', cspSource: 'csp:', onDidReceiveMessage: (l: (m: Message) => unknown) => messages.push(l) },
      onDidDispose: (l: () => unknown) => disposes.push(l),
      reveal: () => undefined,
      send: (m: Message) => messages.forEach((l) => l(m)),
      close: () => disposes.forEach((l) => l()),
      get listeners() {
        return messages.length;
      },
    };
    made.push(panel);
    return panel;
  };
  return { made, create };
}

test('ten refreshes: one panel, one handler, one Export', () => {
  const { made, create } = fakePanels();
  const exports: Message[] = [];
  const panel = new ReusedPanel<Message>(create, (m) => exports.push(m));
  for (let i = 0; i < 10; i++) panel.show(`PPA: top (${i})`, (csp) => `<html ${csp}>${i}</html>`);
  assert.equal(made.length, 1);
  assert.equal(made[0].listeners, 1);
  assert.equal(made[0].title, 'PPA: top (9)');
  assert.equal(made[0].webview.html, '<html csp:>9</html>');
  made[0].send({ export: 'json' });
  assert.equal(exports.length, 1, 'one Export, one dialog');
});

test('closed by the user: the next show makes a new panel, with its own one handler', () => {
  const { made, create } = fakePanels();
  const panel = new ReusedPanel<Message>(create, () => undefined);
  panel.show('a', () => 'a');
  made[0].close();
  assert.equal(panel.open, false);
  panel.show('b', () => 'b');
  panel.show('c', () => 'c');
  assert.equal(made.length, 2);
  assert.equal(made[1].listeners, 1);
  assert.equal(panel.open, true);
});
