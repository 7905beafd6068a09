/**
 * What a search query matches. Without '/', the last name of a path; with '/', the whole path
 * (relative to the backed-up root). Without glob characters, a case-insensitive substring; with
 * them, a case-insensitive glob: `*` and `?` within one name, `**` across folders.
 */
export interface NameMatcher {
  readonly onPath: boolean;
  test(text: string): boolean;
}

const GLOB_CHARS = /[*?[]/;

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i += 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}

export function nameMatcher(query: string): NameMatcher {
  const onPath = query.includes('/');
  if (GLOB_CHARS.test(query)) {
    const re = globToRegExp(query.replace(/^\/+/, ''));
    return { onPath, test: (text) => re.test(text) };
  }
  const needle = query.toLowerCase();
  return { onPath, test: (text) => text.toLowerCase().includes(needle) };
}
