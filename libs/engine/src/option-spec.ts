// The shape of one agent option; the CLI's table and the modes' own options both use it.

export type OptionKind = 'string' | 'int' | 'float' | 'bool' | 'list';

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  aliases?: string[];
  short?: string;
  choices?: readonly string[];
  help: string;
  /** Accepted for compatibility with the stock agent but without effect here. */
  ignored?: boolean;
}
