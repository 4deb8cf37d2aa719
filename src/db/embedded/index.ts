export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './server.js'
export { DataDirLockedError } from './storage/file-store.js'
