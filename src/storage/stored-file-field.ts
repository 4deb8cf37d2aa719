/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   mongoose types SchemaTypeOptions as a class, so every plain schema-definition object literal trips this rule. */
import { Schema } from 'mongoose'

// What a record keeps about a file behind the storage interface (file-storage.ts StoredFile, plus when it came):
// never the bytes, never a URL. Employee documents declare the same shape in employee.ts; receipts use this one.

export const storedFileField = new Schema(
  {
    key: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    originalName: { type: String, default: '' },
    uploadedAt: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
)
