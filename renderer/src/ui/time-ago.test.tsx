import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TimeAgo } from './time-ago';

describe('TimeAgo', () => {
  it('shows the age, with the full local date and time on hover', () => {
    const iso = new Date(Date.now() - 3 * 60_000 - 5_000).toISOString();
    render(<TimeAgo iso={iso} />);
    const el = screen.getByText('3 min ago');
    expect(el.tagName).toBe('TIME');
    expect(el.getAttribute('dateTime')).toBe(iso);
    expect(el.getAttribute('title')).toMatch(/\d{4}/);
  });
});
