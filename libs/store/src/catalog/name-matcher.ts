import { badRequest } from '../errors.js';

/**
 * What a search query matches. Without '/', the last name of a path; with '/', the whole path
 * (relative to the backed-up root). Without glob characters, a case-insensitive substring; with
 * them, a case-insensitive glob: `*` and `?` within one name, `**` across folders.
 */
export interface NameMatcher {
  readonly onPath: boolean;
  test(text: string): boolean;
  /**
   * False when `text` (a chunk's lines, or a folder path) cannot hold a match: the query's longest
   * literal piece, case-insensitive, must be in it. Lets a search skip most chunks unparsed.
   */
  mayMatch(text: string): boolean;
  /** That piece in lower case ('' when the query has none), for the database to look for in names. */
  readonly literal: string;
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
  try {
    return new RegExp(`^${out}$`, 'i');
  } catch {
    // A bracket the RegExp engine refuses (a range out of order, as in [z-a]) is the caller's typo.
    throw badRequest(`search: '${glob}' is not a valid pattern (check its [...] ranges)`);
  }
}

/** The longest run of characters every match contains within one name. */
function longestLiteral(query: string, glob: boolean): string {
  const plain = glob ? query.replace(/\[[^\]]*\]/g, '*') : query;
  const pieces = plain.split(glob ? /[*?/[]/ : /\//);
  return pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function nameMatcher(query: string): NameMatcher {
  const onPath = query.includes('/');
  const glob = GLOB_CHARS.test(query);
  const literal = longestLiteral(query, glob);
  const literalRe = literal === '' ? undefined : new RegExp(escapeRegExp(literal), 'i');
  const mayMatch = (text: string) => literalRe?.test(text) ?? true;
  if (glob) {
    const re = globToRegExp(query.replace(/^\/+/, ''));
    return { onPath, mayMatch, literal: literal.toLowerCase(), test: (text) => re.test(text) };
  }
  const needle = query.toLowerCase();
  return {
    onPath,
    mayMatch,
    literal: literal.toLowerCase(),
    test: (text) => text.toLowerCase().includes(needle),
  };
}
