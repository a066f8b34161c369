import { describe, expect, it } from 'vitest';
import { debLinesFor, parseDeb822, parseOneLine } from './apt-sources.ts';

const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main contrib

Types: deb
URIs: https://deb.nodesource.com/node_20.x
Suites: nodistro
Components: main

Types: deb
Enabled: no
URIs: http://mirror.example/debian
Suites: bookworm
Components: main
`;

describe('apt sources for mmdebstrap', () => {
  it('turns deb822 Debian entries of the suite into one-line deb entries, keeping signed-by', () => {
    expect(debLinesFor('bookworm', parseDeb822(deb822))).toEqual([
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main',
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main',
      'deb http://deb.debian.org/debian-security bookworm-security main contrib',
    ]);
  });

  it('reads one-line sources, drops deb-src, other suites and third-party repositories', () => {
    const text = [
      'deb http://ftp.fr.debian.org/debian bookworm main # comment',
      'deb-src http://ftp.fr.debian.org/debian bookworm main',
      'deb [arch=amd64 signed-by=/k.gpg] http://ftp.fr.debian.org/debian trixie main',
      'deb https://download.docker.com/linux/debian bookworm stable',
      '# deb http://commented.debian.org/debian bookworm main',
    ].join('\n');
    // docker's repository has "debian" in its URI and suite bookworm, so it is kept: the filter is a heuristic
    expect(debLinesFor('bookworm', parseOneLine(text))).toEqual(['deb http://ftp.fr.debian.org/debian bookworm main', 'deb https://download.docker.com/linux/debian bookworm stable']);
  });
});
