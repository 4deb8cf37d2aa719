import { createRequire } from 'node:module'
import path from 'node:path'
import express, { type Router } from 'express'

// The docs page works offline: swagger-ui's assets come from the swagger-ui-dist package, and the start-up script is a
// file rather than inline code so helmet's default Content-Security-Policy (script-src 'self') allows it.

const assetsDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CRM API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`

// validatorUrl null: otherwise swagger-ui sends the document to validator.swagger.io.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true })\n`

/** Mounted at /api/docs. */
export function docsRouter(): Router {
  const router = express.Router()
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE)
  })
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT)
  })
  router.use('/assets', express.static(assetsDir, { index: false, maxAge: '1d' }))
  return router
}
