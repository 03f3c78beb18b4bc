import { describe, expect, it } from 'vitest';
import { joinWords, splitWords } from './shell-words';

describe('splitWords / joinWords', () => {
  it('splits on spaces and keeps quoted groups together', () => {
    expect(splitWords(`sh -c "echo 'hi there'" x\\ y ''`)).toEqual(['sh', '-c', "echo 'hi there'", 'x y', '']);
  });
  it('rejects an unclosed quote', () => {
    expect(() => splitWords('echo "oops')).toThrow(/unclosed " quote/);
  });
  it('round-trips arguments with spaces, quotes and empty strings', () => {
    const words = ['node', 'server.js', '--name', "it's here", '', 'a"b'];
    expect(splitWords(joinWords(words))).toEqual(words);
  });
});
