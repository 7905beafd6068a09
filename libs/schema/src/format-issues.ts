import type { z } from 'zod';

/** `job_actions[0].freezer_action.mandatory` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** JSON type names, so messages speak the caller's language ("got string", not "received String"). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `expected ${issue.expected === 'int' ? 'integer' : issue.expected}, got ${jsonTypeOf(value)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (not allowed here)`;
    case 'invalid_value':
      return `${show(value)} is not one of ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_format':
      return `${show(value)} ${issue.message.startsWith('must') ? issue.message : `is not a valid ${issue.format}`}`;
    case 'invalid_union': {
      // Report the closest branch: the one whose first issue goes deepest into the value.
      const branches = issue.errors
        .map((errs) => errs[0])
        .filter((e): e is z.core.$ZodIssue => e !== undefined);
      const best = branches.sort((a, b) => b.path.length - a.path.length)[0];
      if (best && best.path.length > 0) {
        const nested = { ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue;
        return `${formatPath(best.path)}: ${describeIssue(nested, input)}`;
      }
      if (value === undefined) return 'is required';
      return `has an invalid value ${show(value)} (${jsonTypeOf(value)})`;
    }
    case 'too_small':
    case 'too_big':
      return `${show(value)}: ${issue.message.replace(/^Too (small|big): expected \w+ to (have|be) /i, 'must be ')}`;
    default:
      return issue.message;
  }
}

/**
 * One line naming each offending field, e.g.
 * `job_actions[0].mandatory: expected boolean, got string`. At most three issues are listed.
 */
export function formatZodError(error: z.ZodError, input: unknown, what = 'request body'): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = formatPath(issue.path);
    return `${where === '' ? what : where}: ${describeIssue(issue, input)}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
