import mongoose from 'mongoose'
import type { CommandFailedEvent, CommandStartedEvent, Document } from 'mongodb'
import type { Connection, Model, Types } from 'mongoose'
import { freshDbUri } from '../../setup/db.js'

export interface User {
  name: string
  email: string
  age?: number
  role: 'admin' | 'staff' | 'guest'
  tags: string[]
  createdAt?: Date
  updatedAt?: Date
}

export interface Post {
  title: string
  author: Types.ObjectId
  likes: number
  comments: { by: string; ok?: boolean }[]
}

/** A mongoose connection on a database of its own, with the User/Post models and a log of the commands it sent. */
export interface MongooseFixture {
  conn: Connection
  User: Model<User>
  Post: Model<Post>
  started: CommandStartedEvent[]
  /** Commands the server answered with an error. */
  failed: CommandFailedEvent[]
  /** Command bodies of one name sent since `from` (an index into `started`). */
  sent(name: string, from?: number): Document[]
}

export function userSchema(): mongoose.Schema<User> {
  return new mongoose.Schema<User>(
    {
      name: { type: String, required: true, trim: true },
      email: { type: String, required: true, unique: true, lowercase: true },
      age: { type: Number, min: 0 },
      role: { type: String, enum: ['admin', 'staff', 'guest'], default: 'guest' },
      tags: { type: [String], default: [] },
    },
    { timestamps: true },
  )
}

export async function openMongoose(label: string): Promise<MongooseFixture> {
  const conn = mongoose.createConnection(freshDbUri(label), { monitorCommands: true })
  const started: CommandStartedEvent[] = []
  const failed: CommandFailedEvent[] = []
  await conn.asPromise()
  conn.getClient().on('commandStarted', (event) => started.push(event))
  conn.getClient().on('commandFailed', (event) => failed.push(event))
  const postSchema = new mongoose.Schema<Post>({
    title: { type: String, required: true },
    author: { type: mongoose.Schema.Types.ObjectId, ref: 'User', required: true },
    likes: { type: Number, default: 0 },
    comments: [{ _id: false, by: String, ok: Boolean }],
  })
  const User = conn.model<User>('User', userSchema())
  const Post = conn.model<Post>('Post', postSchema)
  await Promise.all([User.init(), Post.init()])
  const sent = (name: string, from = 0): Document[] =>
    started
      .slice(from)
      .filter((e) => e.commandName === name)
      .map((e) => e.command)
  return { conn, User, Post, started, failed, sent }
}

export async function closeMongoose(f: MongooseFixture | undefined): Promise<void> {
  if (!f) return
  try {
    await f.conn.dropDatabase()
  } finally {
    await f.conn.close()
  }
}
