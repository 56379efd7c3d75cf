/** Money as people read it: 48,000 EUR → "€48,000". */
export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
      amount,
    );
  } catch {
    return `${amount.toLocaleString()} ${currency}`;
  }
}

/** A price as people read it: whole amounts without cents ("€1,200"), others with them ("€9.99"). */
export function formatPrice(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  const digits = Number.isInteger(amount) ? 0 : 2;
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount.toLocaleString()} ${currency}`;
  }
}

export function formatTotals(totals: { currency: string; amount: number }[]): string {
  if (totals.length === 0) return '0';
  return totals.map((t) => formatMoney(t.amount, t.currency)).join(' + ');
}
