// A file's type is read from its first bytes, never from its name or the client's Content-Type.

export const SNIFFED_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const
export type SniffedType = (typeof SNIFFED_TYPES)[number]

const SIGNATURES: ReadonlyArray<{ type: SniffedType; bytes: readonly number[] }> = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
]

/** The type the bytes are, or undefined when they are none of the accepted ones. */
export function sniffType(head: Uint8Array): SniffedType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, index) => head[index] === byte))?.type
}
