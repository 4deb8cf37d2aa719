import type { z } from 'zod'
import type { Cell } from './sheet-row.js'

// A sheet's cells are text (CSV) or loosely typed (XLSX); the create schema expects numbers, booleans, dates and
// arrays. Each column's expected kind is read from the schema once, and each cell is turned into that kind when it
// plainly is one (`12`, `yes`, `2025-11-01`, `a;b`). Anything else is passed on as it is, so the schema's own message
// names the problem ("expected number") instead of a guess of ours.

export type FieldKind =
  | { readonly type: 'string' | 'number' | 'boolean' | 'date' | 'object' | 'unknown' }
  | { readonly type: 'array'; readonly element: FieldKind }

type Def = z.core.$ZodTypeDef
const UNKNOWN: FieldKind = { type: 'unknown' }

function inner(def: Def): z.core.$ZodType {
  return (def as z.core.$ZodOptionalDef).innerType
}

/** The kind of value a field's schema accepts, looking through optional, default, pipes and preprocessing. */
export function kindOf(schema: z.core.$ZodType): FieldKind {
  const def = schema._zod.def
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return kindOf(inner(def))
    case 'pipe': {
      const pipe = def as z.core.$ZodPipeDef
      const first = kindOf(pipe.in)
      return first.type === 'unknown' ? kindOf(pipe.out) : first
    }
    case 'string':
    case 'enum':
    case 'literal':
    case 'template_literal':
      return { type: 'string' }
    case 'number':
    case 'int':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'date':
      return { type: 'date' }
    case 'array':
      return { type: 'array', element: kindOf((def as z.core.$ZodArrayDef).element) }
    case 'object':
    case 'record':
      return { type: 'object' }
    case 'union': {
      const kinds = (def as z.core.$ZodUnionDef).options.map(kindOf)
      // A union accepting text takes the cell as text (a phone as string or number; `''` or a PAN).
      return kinds.find((kind) => kind.type === 'string') ?? kinds[0] ?? UNKNOWN
    }
    case 'any':
    case 'bigint':
    case 'custom':
    case 'file':
    case 'function':
    case 'intersection':
    case 'lazy':
    case 'map':
    case 'nan':
    case 'never':
    case 'null':
    case 'promise':
    case 'set':
    case 'success':
    case 'symbol':
    case 'transform':
    case 'tuple':
    case 'undefined':
    case 'unknown':
    case 'void':
      return UNKNOWN
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const TRUE = new Set(['true', 'yes', 'y', '1'])
const FALSE = new Set(['false', 'no', 'n', '0'])
/** Our CSV export guards formula-looking text with a leading `'`; an import of that file takes it off again. */
const GUARDED = /^'[=+\-@\t\r]/

function textOf(cell: Exclude<Cell, null>): string {
  if (!(cell instanceof Date)) return typeof cell === 'string' ? cell : String(cell)
  const iso = cell.toISOString()
  // A date cell without a time is a calendar day, not an instant.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
}

function coerceText(kind: FieldKind, text: string): unknown {
  const trimmed = text.trim()
  switch (kind.type) {
    case 'number':
      return NUMBER.test(trimmed) ? Number(trimmed) : text
    case 'boolean':
      if (TRUE.has(trimmed.toLowerCase())) return true
      return FALSE.has(trimmed.toLowerCase()) ? false : text
    case 'date':
      return Number.isNaN(Date.parse(trimmed)) ? text : new Date(trimmed)
    case 'array':
      return trimmed
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => coerceText(kind.element, part))
    case 'object':
      try {
        return JSON.parse(trimmed) as unknown
      } catch {
        return text
      }
    case 'string':
    case 'unknown':
      return GUARDED.test(text) ? text.slice(1) : text
  }
}

/** A cell as the field's schema expects it; undefined for an empty cell (the field is left out of the row). */
export function coerceCell(kind: FieldKind, cell: Cell): unknown {
  if (cell === null || cell === '') return undefined
  if (kind.type === 'number' && typeof cell === 'number') return cell
  if (kind.type === 'boolean' && typeof cell === 'boolean') return cell
  if (kind.type === 'date' && cell instanceof Date) return cell
  if (kind.type === 'array' && typeof cell !== 'string') return [coerceCell(kind.element, cell)]
  return coerceText(kind, textOf(cell))
}
