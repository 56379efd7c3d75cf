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

export function formatTotals(totals: { currency: string; amount: number }[]): string {
  if (totals.length === 0) return '0';
  return totals.map((t) => formatMoney(t.amount, t.currency)).join(' + ');
}
