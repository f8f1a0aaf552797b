const units = ["B", "KB", "MB", "GB", "TB"] as const;

/** 1_171_200 → "1.2 MB" (powers of 1024, one decimal below 10, locale-independent). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value < 10 && unit > 0 ? value.toFixed(1) : String(Math.round(value));
  return `${rounded} ${units[unit] ?? "B"}`;
}

/** 131072 → "131,072". */
export function formatInteger(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
