// unzipper (exceljs's own zip dependency) ships no types; this is the central-directory reader the XLSX import uses.
declare module 'unzipper' {
  import type { Readable } from 'node:stream'
  export interface ZipEntry {
    path: string
    type: 'File' | 'Directory'
    stream(): Readable
  }
  export interface CentralDirectory {
    files: ZipEntry[]
  }
  const unzipper: { Open: { file(path: string): Promise<CentralDirectory> } }
  export default unzipper
}
