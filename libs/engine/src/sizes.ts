import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "10K", "120M", "1.5G", "4096" → bytes (binary units, as the stock agent's trickle wrapper). */
export function parseByteSize(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!match) throw new UsageError(`--${option}: "${text}" is not a size (examples: 4096, 10K, 120M, 10G)`);
  const value = Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${option}: "${text}" must be positive`);
  return Math.floor(value);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
