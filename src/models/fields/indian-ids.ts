import { z } from 'zod'
import { text } from './text.js'

// Indian identifiers as HR forms carry them: spaces and dashes are typing habits, not part of the value, so each
// is normalised before it is checked and stored.

// Verhoeff's dihedral-group tables (the checksum the Aadhaar number's last digit carries).
const MULTIPLY = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
const PERMUTE = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]

/** True when the digit string's last digit is its Verhoeff check digit. */
export function verhoeffValid(digits: string): boolean {
  let check = 0
  const reversed = digits.split('').reverse() // digits only: no multi-unit characters
  for (const [position, char] of reversed.entries()) {
    const row = PERMUTE[position % 8]
    check = MULTIPLY[check]?.[row?.[Number(char)] ?? 0] ?? 0
  }
  return check === 0
}

/** The check digit that makes `digits + d` Verhoeff-valid (tests build valid numbers with it). */
export function verhoeffDigit(digits: string): number {
  for (let digit = 0; digit <= 9; digit += 1) if (verhoeffValid(`${digits}${digit}`)) return digit
  throw new Error('unreachable: one digit always fits')
}

const compact = (value: string) => value.replace(/[\s-]/g, '')

/** A 10-digit Indian mobile or landline-with-STD number; `+91`/`0` prefixes are dropped. */
export const indianPhone = text(20)
  .transform((value) => compact(value).replace(/^(\+?91(?=\d{10}$)|0(?=\d{10}$))/, ''))
  .pipe(z.string().regex(/^[1-9][0-9]{9}$/, 'must be a 10-digit Indian phone number'))

/** Aadhaar: 12 digits, not starting with 0 or 1, last digit the Verhoeff check digit. */
export const aadhaarNumber = text(20)
  .transform(compact)
  .pipe(
    z
      .string()
      .regex(/^[2-9][0-9]{11}$/, 'must be a 12-digit Aadhaar number')
      .refine(verhoeffValid, 'is not a valid Aadhaar number (check digit)'),
  )

export const panNumber = text(10)
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{5}[0-9]{4}[A-Z]$/, 'must look like AAAAA9999A'))

export const ifscCode = text(11)
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{4}0[A-Z0-9]{6}$/, 'must look like AAAA0XXXXXX'))

export const bankAccountNumber = text(25)
  .transform(compact)
  .pipe(z.string().regex(/^[0-9]{9,18}$/, 'must be 9 to 18 digits'))

/** GSTIN: 15 characters, state code, PAN, entity number, `Z`, check character. */
export const gstin = text(15)
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, 'must be a 15-character GSTIN'))
