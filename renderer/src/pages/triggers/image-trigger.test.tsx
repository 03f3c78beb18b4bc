import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Component } from '../../../../shared/schemas/component';
import { FakeClient } from '../../test/fake-client';
import { errorOf, renderWithClient } from '../../test/render';
import { ImageTrigger } from './image-trigger';

function results(): Map<string, { deploy: boolean; text: string }> {
  const list = screen.getByRole('list', { name: 'Tag test results' });
  return new Map(
    within(list)
      .getAllByRole('listitem')
      .map((li) => [li.querySelector('code')!.textContent, { deploy: li.dataset.deploy === 'true', text: li.textContent ?? '' }]),
  );
}

async function setup(fields: Partial<Component> = {}, tagPattern = '') {
  const client = new FakeClient();
  const c = client.seed(
    // noDowngrade is on by default for new components; these tests start from off and turn it on
    { name: 'web', source: { type: 'image', image: 'registry.local:5000/team/web:v5.0.0' }, triggers: { image: { enabled: true, tagPattern, noDowngrade: false } } },
    fields,
  );
  const user = userEvent.setup({ delay: null });
  const view = renderWithClient(client, <ImageTrigger component={c} onSaved={() => undefined} />);
  const tester = screen.getByLabelText('Try tags');
  await user.clear(tester);
  return { client, c, user, tester, view };
}

describe('tag rule with live tester (shared/tag-rule)', { timeout: 30_000 }, () => {
  it('exact mode: only the configured tag deploys, and says why', async () => {
    const { user, tester } = await setup();
    await user.type(tester, 'v5.0.0\nv5.0.1');
    const r = results();
    expect(r.get('v5.0.0')).toMatchObject({ deploy: true });
    expect(r.get('v5.0.0')!.text).toContain('tag "v5.0.0" is the configured tag');
    expect(r.get('v5.0.1')).toMatchObject({ deploy: false });
    expect(r.get('v5.0.1')!.text).toContain('is not the configured tag "v5.0.0"');
    expect(screen.getByText('1 of 2 would deploy')).toBeTruthy();
  });

  it('glob: a dot is a dot; results follow each keystroke', async () => {
    const { user, tester } = await setup();
    await user.type(tester, 'v5.1\nv5x1\nv6.0\nnot a tag!');
    await user.click(screen.getByRole('radio', { name: 'Glob' }));
    await user.type(screen.getByLabelText('Pattern'), 'v5.*');
    const r = results();
    expect(r.get('v5.1')!.deploy).toBe(true);
    expect(r.get('v5x1')!.deploy).toBe(false);
    expect(r.get('v6.0')!.text).toContain('does not match glob "v5.*"');
    // whitespace separates tags; "tag!" is not a valid Docker tag and says so
    expect(r.get('tag!')!.text).toContain('is not a valid Docker tag');
  });

  it('semver with no-downgrade compares with the deployed tag', async () => {
    const { user, tester } = await setup({ running: { deployId: 'd1', image: 'x', tag: 'v5.2.0', since: '2025-01-01T00:00:00Z' } });
    await user.type(tester, '5.1.0 v5.3.0 6.0.0');
    await user.click(screen.getByRole('radio', { name: 'Semver range' }));
    await user.type(screen.getByLabelText('Pattern'), '^5.0.0');
    expect(results().get('5.1.0')!.deploy).toBe(true);
    await user.click(screen.getByLabelText('Never move to a lower version than the one deployed'));
    const r = results();
    expect(r.get('5.1.0')).toMatchObject({ deploy: false });
    expect(r.get('5.1.0')!.text).toContain('lower than the deployed "v5.2.0"');
    expect(r.get('v5.3.0')!.deploy).toBe(true);
    expect(r.get('6.0.0')!.text).toContain('outside the range "^5.0.0"');
  });

  it('an invalid pattern is explained next to the field and cannot be saved', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('radio', { name: 'Regular expression' }));
    const save = screen.getByRole('button', { name: 'Save tag rule' });
    expect(errorOf(screen.getByLabelText('Pattern'))).toBe('enter a pattern');
    await user.type(screen.getByLabelText('Pattern'), '(?=v)5' /* a lookahead: RE2 has none */);
    expect(errorOf(screen.getByLabelText('Pattern'))).toMatch(/not a valid regular expression/);
    expect(save).toHaveProperty('disabled', true);
    await user.clear(screen.getByLabelText('Pattern'));
    await user.type(screen.getByLabelText('Pattern'), 'v5\\.[[0-9]+' /* "[[" types one "[" */);
    expect(errorOf(screen.getByLabelText('Pattern'))).toBeNull();
    expect(save).toHaveProperty('disabled', false);
  });

  it('saves the composed pattern and no-downgrade flag', async () => {
    const { client, c, user } = await setup();
    await user.click(screen.getByRole('radio', { name: 'Glob' }));
    await user.type(screen.getByLabelText('Pattern'), 'v5.*');
    await user.click(screen.getByLabelText('Never move to a lower version than the one deployed'));
    await user.click(screen.getByRole('button', { name: 'Save tag rule' }));
    await waitFor(() => expect(client.callsOf('updateComponent')).toEqual([[c.id, { triggers: { image: { tagPattern: 'glob:v5.*', noDowngrade: true } } }]]));
  });

  it('a bad regex shows its error once (at the field), not once per tested tag', async () => {
    const { user, tester } = await setup();
    await user.type(tester, 'v1\nv2\nv3');
    await user.click(screen.getByRole('radio', { name: 'Regular expression' }));
    // a lookahead: RE2 (what tag rules run on) has none
    await user.type(screen.getByLabelText('Pattern'), 'v(?=1)');
    expect(errorOf(screen.getByLabelText('Pattern'))).toMatch(/unsupported Perl syntax/);
    expect(screen.getAllByText(/unsupported Perl syntax/)).toHaveLength(1);
    expect(screen.getByText('Fix the pattern to test it.')).toBeTruthy();
  });

  it('saving says "Saved" and keeps the tags being tried', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v5.0.0' }, triggers: { image: { enabled: true } } });
    const user = userEvent.setup({ delay: null });
    const { TriggersPanel } = await import('./triggers-panel');
    const Live = () => {
      const [comp, setComp] = useState(c);
      return <TriggersPanel component={comp} onSaved={() => void client.getComponent(c.id).then(setComp)} />;
    };
    renderWithClient(client, <Live />);
    const tester = screen.getByLabelText('Try tags');
    await user.clear(tester);
    await user.type(tester, 'v5.1\nlatest');
    await user.click(screen.getByRole('radio', { name: 'Glob' }));
    await user.type(screen.getByLabelText('Pattern'), 'v5.*');
    await user.click(screen.getByRole('button', { name: 'Save tag rule' }));
    await waitFor(() => expect(screen.getByText('Saved')).toBeTruthy());
    expect(client.components.get(c.id)?.triggers.image?.tagPattern).toBe('glob:v5.*');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Try tags').value).toBe('v5.1\nlatest');
    await user.type(screen.getByLabelText('Pattern'), '1');
    expect(screen.queryByText('Saved')).toBeNull();
  });

  it('opens an existing semver rule in semver mode', async () => {
    await setup({}, 'semver:>=1.2 <2');
    expect(screen.getByRole('radio', { name: 'Semver range' })).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Pattern')).toHaveProperty('value', '>=1.2 <2');
  });
});

describe('authentication (issue 11.3)', { timeout: 30_000 }, () => {
  it('without a secret: says the URL is the credential and offers to generate one', async () => {
    await setup();
    expect(screen.getByLabelText('Webhook secret')).toHaveProperty('value', 'not set');
    expect(screen.getByText(/the webhook URL alone is the credential/)).toBeTruthy();
    expect(screen.queryByLabelText(/Also accept Docker Hub/)).toBeNull();
  });

  it('with a secret: every sender must authenticate unless unsigned senders are allowed, and saves the switch', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'registry.local:5000/team/web:v5.0.0' }, triggers: { image: { enabled: true } }, secret: 'image-secret-123' });
    expect(c.triggers.image?.secretSet).toBe(true);
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <ImageTrigger component={c} onSaved={() => undefined} />);
    expect(screen.getByText(/Every delivery must authenticate/)).toBeTruthy();
    const allow = screen.getByLabelText(/Also accept Docker Hub, Aliyun and Quay/);
    expect(allow).toHaveProperty('checked', false);
    await user.click(allow);
    await user.click(screen.getByRole('button', { name: 'Save authentication' }));
    await waitFor(() => expect(client.callsOf('updateComponent')).toEqual([[c.id, { triggers: { image: { allowUnsigned: true } } }]]));
  });
});
