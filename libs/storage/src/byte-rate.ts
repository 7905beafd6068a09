const UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 1024,
  KB: 1024,
  KIB: 1024,
  M: 1024 ** 2,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  G: 1024 ** 3,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
};

/**
 * Parses a byte rate as written for --upload-limit / --download-limit: "10M", "512K", "1G", "1.5M",
 * plain bytes, optionally with "/s". Units are binary (K = 1024), as in the stock agent.
 */
export function parseByteRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:\/s)?\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toUpperCase()] : undefined;
  if (!match || unit === undefined) {
    throw new Error(`invalid byte rate '${text}' (expected e.g. 10M, 512K, 1G or a number of bytes)`);
  }
  const value = Math.floor(Number(match[1]) * unit);
  if (value <= 0) throw new Error(`invalid byte rate '${text}': must be greater than zero`);
  return value;
}
