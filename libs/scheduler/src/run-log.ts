import type { FreezerAction } from '@freezer/api-client';
import { RUN_LOG_MAX_CHARS } from '@freezer/schema';

/** Action keys whose values are secrets wherever they appear in the agent's output. */
const SECRET_KEY = /pass|secret|token|(^|_)key$|credential|auth/i;

/** `--password x`, `password=x`, `"token": "x"` and URL user:password@ forms, whatever the action says. */
const SECRET_PATTERNS: RegExp[] = [
  /((?:pass(?:word|phrase)?|secret|token|api[_-]?key|access[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /(--(?:[\w-]*pass(?:word|phrase)?|[\w-]*secret[\w-]*|[\w-]*token)\s+)\S+/gi,
  /(\/\/[^/\s:@]+:)[^@\s/]+(@)/g,
];

const MASK = '***';

/** Replaces every secret the action carries, and the usual secret shapes, by ***. */
export function maskSecrets(text: string, action: FreezerAction): string {
  let out = text;
  for (const [k, v] of Object.entries(action)) {
    if (!SECRET_KEY.test(k) || typeof v !== 'string' || v.length < 4) continue;
    out = out.split(v).join(MASK);
  }
  for (const re of SECRET_PATTERNS)
    out = out.replace(
      re,
      (_m, head: string, tail?: string) => head + MASK + (typeof tail === 'string' ? tail : ''),
    );
  return out;
}

/**
 * The end of the agent's output as a run report carries it: secrets masked, cut at a line start to at
 * most RUN_LOG_MAX_CHARS, with a marker saying how much was left out.
 */
export function runLogTail(output: string, action: FreezerAction, max = RUN_LOG_MAX_CHARS): string {
  const text = maskSecrets(output.replace(/\s+$/, ''), action);
  if (text.length <= max) return text;
  const marker = '[… earlier output cut …]\n';
  let tail = text.slice(text.length - (max - marker.length));
  const nl = tail.indexOf('\n');
  if (nl >= 0 && nl < tail.length - 1) tail = tail.slice(nl + 1);
  return marker + tail;
}

/** One line saying why an action failed: the agent's last error line, else how it ended. */
export function failureReason(stderr: string, exitCode: number, action: FreezerAction): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errorLine = [...lines].reverse().find((l) => /error|fail|denied|no such|not found|cannot/i.test(l));
  const line = errorLine ?? lines.at(-1);
  if (!line) return exitCode < 0 ? `agent killed by signal ${-exitCode}` : `agent exited with ${exitCode}`;
  return maskSecrets(line.replace(/^freezer-agent: error: /, ''), action).slice(0, 500);
}
