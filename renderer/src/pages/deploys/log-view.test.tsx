import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { dropOverlap, LogView, splitLog } from './log-view';

function setup(initial: string[] = []) {
  const client = new FakeClient();
  const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
  const d = client.addDeploy(c.id, { state: 'building' });
  for (const line of initial) client.log(d.id, line);
  return { client, deployId: d.id, componentId: c.id };
}

const logText = () => screen.getByRole('log').textContent ?? '';

/** jsdom does no layout: give the log box a controllable geometry. */
function fakeGeometry(box: HTMLElement, clientHeight: number) {
  const geo = { scrollHeight: 0, scrollTop: 0 };
  Object.defineProperty(box, 'clientHeight', { configurable: true, get: () => clientHeight });
  Object.defineProperty(box, 'scrollHeight', { configurable: true, get: () => geo.scrollHeight });
  Object.defineProperty(box, 'scrollTop', {
    configurable: true,
    get: () => geo.scrollTop,
    set: (v: number) => {
      geo.scrollTop = Math.max(0, Math.min(v, geo.scrollHeight - clientHeight));
    },
  });
  return geo;
}

describe('LogView streaming', () => {
  it('shows the log so far, then appends streamed lines of this deploy only', async () => {
    const { client, deployId, componentId } = setup(['Step 1/3 : FROM busybox', 'Step 2/3 : COPY . /www']);
    renderWithClient(client, <LogView deployId={deployId} />);
    await waitFor(() => expect(logText()).toBe('Step 1/3 : FROM busybox\nStep 2/3 : COPY . /www'));

    act(() => {
      client.log(deployId, 'Step 3/3 : CMD httpd');
      client.emit({ type: 'deploy-log', deployId: 'd_other', componentId, line: 'not mine' });
      client.log(deployId, '\u001b[32mhealthy\u001b[0m after 1.2s');
    });
    await waitFor(() => expect(logText()).toContain('healthy after 1.2s'));
    expect(logText()).toBe('Step 1/3 : FROM busybox\nStep 2/3 : COPY . /www\nStep 3/3 : CMD httpd\nhealthy after 1.2s');
  });

  it('does not repeat lines that arrived while the initial text was loading', async () => {
    const { client, deployId } = setup(['one']);
    renderWithClient(client, <LogView deployId={deployId} />);
    // The fake reads the file a tick after the call: these lines are in the text AND in the stream.
    client.log(deployId, 'two');
    client.log(deployId, 'three');
    await waitFor(() => expect(logText()).toBe('one\ntwo\nthree'));
    act(() => client.log(deployId, 'four'));
    await waitFor(() => expect(logText()).toBe('one\ntwo\nthree\nfour'));
  });

  it('follows the end only while the user is at the bottom', async () => {
    const { client, deployId } = setup(['line 1']);
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <LogView deployId={deployId} />);
    const box = screen.getByRole('log');
    const geo = fakeGeometry(box, 100);
    await waitFor(() => expect(logText()).toBe('line 1'));

    geo.scrollHeight = 500;
    act(() => client.log(deployId, 'line 2'));
    await waitFor(() => expect(logText()).toContain('line 2'));
    expect(geo.scrollTop).toBe(400); // pinned: scrolled to the new end

    // The user scrolls up to read: the view stays where they are.
    geo.scrollTop = 120;
    fireEvent.scroll(box);
    geo.scrollHeight = 700;
    act(() => client.log(deployId, 'line 3'));
    await waitFor(() => expect(logText()).toContain('line 3'));
    expect(geo.scrollTop).toBe(120);
    const jump = screen.getByRole('button', { name: '1 new line — Jump to latest' });

    // Back to the end: following again.
    await user.click(jump);
    expect(geo.scrollTop).toBe(600);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
    geo.scrollHeight = 900;
    act(() => client.log(deployId, 'line 4'));
    await waitFor(() => expect(geo.scrollTop).toBe(800));

    // Scrolling back down by hand also re-pins.
    geo.scrollTop = 0;
    fireEvent.scroll(box);
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    geo.scrollTop = 800;
    fireEvent.scroll(box);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('reports a log that cannot be read', async () => {
    const { client, deployId } = setup();
    client.failNext('getDeployLog', new Error('log file missing'));
    renderWithClient(client, <LogView deployId={deployId} />);
    expect((await screen.findByRole('alert')).textContent).toContain('log file missing');
  });
});

describe('log helpers', () => {
  it('splitLog drops the final newline and colour codes', () => {
    expect(splitLog('a\r\nb\n\u001b[1mc\u001b[0m\n')).toEqual(['a', 'b', 'c']);
    expect(splitLog('')).toEqual([]);
  });
  it('dropOverlap removes the longest buffered prefix already at the end of the text', () => {
    expect(dropOverlap(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual(['d']);
    expect(dropOverlap(['a', 'x'], ['x', 'x'])).toEqual(['x']);
    expect(dropOverlap(['a'], ['b'])).toEqual(['b']);
  });
});
