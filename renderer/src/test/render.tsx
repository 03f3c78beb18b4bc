/** Test helpers: render inside a client provider, clean up after each test, read field messages. */
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { AutoDeployClient } from '../../../shared/api';
import { ClientProvider } from '../api/client-context';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

export function renderWithClient(client: AutoDeployClient, ui: ReactElement) {
  return render(<ClientProvider client={client}>{ui}</ClientProvider>);
}

/** The validation message shown next to an input (through its aria-describedby), or null. */
export function errorOf(input: HTMLElement): string | null {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  const texts = ids.map((id) => document.getElementById(id)?.textContent ?? '').filter(Boolean);
  return texts.length ? texts.join(' ') : null;
}
