import { describe, expect, it } from 'vitest';
import { splitWords } from './shell-words.ts';

describe('splitWords', () => {
  it('splits on blanks and keeps quoted text whole, with no expansion', () => {
    expect(splitWords("vtysh -c 'configure terminal' -c \"ip route 10.0.3.0/24 10.0.2.1\"")).toEqual(['vtysh', '-c', 'configure terminal', '-c', 'ip route 10.0.3.0/24 10.0.2.1']);
    expect(splitWords('  echo   $HOME;  rm * ')).toEqual(['echo', '$HOME;', 'rm', '*']);
    expect(splitWords(`a'b c'"d"e`)).toEqual(['ab cde']);
  });
  it('keeps empty quoted words and escapes', () => {
    expect(splitWords(`printf '' x`)).toEqual(['printf', '', 'x']);
    expect(splitWords('a\\ b "c\\"d" \'e\\f\'')).toEqual(['a b', 'c"d', 'e\\f']);
  });
  it('refuses an unclosed quote and a trailing backslash, quoting the command', () => {
    expect(() => splitWords("vtysh -c 'conf t")).toThrow(`invalid command: unclosed single quote (got "vtysh -c 'conf t")`);
    expect(() => splitWords('echo "x')).toThrow('unclosed double quote');
    expect(() => splitWords('echo x\\')).toThrow('a backslash at the end escapes nothing');
  });
});
