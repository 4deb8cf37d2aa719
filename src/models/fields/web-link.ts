import { z } from 'zod'
import { text } from './text.js'

/** An http(s) link (a meeting room, a training video): other schemes (javascript:, file:) are refused. */
export const webLink = text(2000).pipe(
  z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'must be an http(s) URL' }),
)
