import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import '../test/render';
import { ConfirmButton } from './confirm-button';

describe('ConfirmButton', () => {
  it('asks first; Escape or Cancel takes the question back and focus returns to the button', async () => {
    const confirmed: string[] = [];
    const user = userEvent.setup({ delay: null });
    render(<ConfirmButton label="Replace…" question="Replace it?" confirmLabel="Replace" onConfirm={() => confirmed.push('yes')} />);
    await user.tab();
    await user.keyboard(' ');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Replace' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Replace…' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Replace…' }));

    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Replace…' }));
    expect(confirmed).toEqual([]);

    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    expect(confirmed).toEqual(['yes']);
  });
});
