// `npm run bundle:admin` (run by `npm run build`): prebundles the panel's custom components so production starts
// serve them without bundling. NODE_ENV=production is set by the npm script: AdminJS reads it when first imported.
import { componentLoader } from '../admin/component-loader.js'
// Importing the panel registers every custom component on the shared loader (each registers at module load).
import '../admin/index.js'
import { prebundleComponents } from '../admin/bundle/prebundle.js'

try {
  const started = Date.now()
  const prebundle = await prebundleComponents(componentLoader)
  console.log(
    `admin components prebundled in ${Date.now() - started} ms: ${prebundle.file} (${prebundle.components.join(', ')})`,
  )
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
