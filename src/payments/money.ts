// Money is integer paise inside; rupees exist only at the legacy edge and in what people read.

/** Rupees (seed 1's unit, possibly fractional) to integer paise; NaN for anything that is not a finite amount. */
export function paiseOf(rupees: number): number {
  return Number.isFinite(rupees) ? Math.round(rupees * 100) : Number.NaN
}

/** Integer paise to rupees (two decimals at most). */
export function rupeesOf(paise: number): number {
  return Math.round(paise) / 100
}

/** `₹1,234.50`, Indian digit grouping, for mails and PDFs. */
export function formatRupees(paise: number): string {
  return `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}
