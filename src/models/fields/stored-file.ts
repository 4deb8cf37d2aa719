import { Schema } from 'mongoose'

/** What a record keeps about a stored document (storage/file-storage.ts StoredFile, plus when). */
export const storedFile = new Schema(
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
