/** `--name N` from the command line as a number, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

/** Every `--name N` a bench takes, each with its default: `numberArgs({ nodes: 1000, poll: 10 })`. */
export function numberArgs<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of Object.keys(defaults) as K[]) out[name] = numberArg(name, defaults[name]);
  return out;
}

/** `--name VALUE` from the command line as text, or undefined. */
export function stringArg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
