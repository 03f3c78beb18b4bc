import { describe, expect, it } from 'vitest';
import { Redactor, redactUrl } from './redact';

describe('redaction', () => {
  it('hides credentials in URLs', () => {
    expect(redactUrl('cloning https://bob:s3cr3t@git.example.com/a/b.git now')).toBe('cloning https://***@git.example.com/a/b.git now');
    expect(redactUrl('https://git.example.com/a.git')).toBe('https://git.example.com/a.git');
  });
  it('hides known secrets, their base64 form and Authorization headers', () => {
    const r = new Redactor(['tok_abcdef123', undefined]);
    expect(r.apply('fatal: token tok_abcdef123 refused')).toBe('fatal: token *** refused');
    expect(r.apply(`header ${Buffer.from('tok_abcdef123').toString('base64')}`)).toBe('header ***');
    expect(r.apply('Authorization: Bearer xyz.abc')).toBe('Authorization: Bearer ***');
  });
});
