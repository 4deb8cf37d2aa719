import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AdminJS from 'adminjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertPrebundled } from '../../src/admin/bundle/prebundle.js'
import { componentLoader } from '../../src/admin/component-loader.js'
import '../../src/admin/dashboard/index.js'
import { loadConfigFromProcess } from '../../src/config.js'
import { killAppProcesses, startApp } from '../setup/app-process.js'

// Issue 5 point 9: the build prebundles the panel's components and a production start serves that file as is.

const ROOT = path.resolve(import.meta.dirname, '../..')
const TSX = path.join(ROOT, 'node_modules/.bin/tsx')
const SECRETS = { JWT_SECRET: 'j'.repeat(40), SESSION_SECRET: 's'.repeat(40) }
/** Children start from the defaults, whatever this process's environment says (empty counts as unset). */
const CLEAN = { ADMIN_JS_SKIP_BUNDLE: '' }

interface Run {
  code: number | null
  output: string
}

/** Runs a TypeScript entry point in a child process with its own environment; resolves when it exits. */
function run(entry: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [entry], { cwd: ROOT, env: { ...process.env, ...CLEAN, ...env } })
    // A start that should have been refused would serve forever: end it so the assertion reports it. Generous: on a
    // loaded 2-core box bundling alone has taken over 45 s.
    const timer = setTimeout(() => child.kill('SIGTERM'), 110_000)
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** Starts the production fixture and waits for its port; `stop` ends it and gives everything it printed. */
async function startProduction(env: Record<string, string>) {
  const child = spawn(TSX, ['tests/admin/fixtures/serve-admin-production.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...CLEAN, NODE_ENV: 'production', ...SECRETS, ...env },
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /LISTENING (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('close', (code) => {
      reject(new Error(`exited ${code}: ${output}`))
    })
  })
  const stop = () =>
    new Promise<string>((resolve) => {
      child.removeAllListeners('close')
      child.on('close', () => {
        resolve(output)
      })
      child.kill('SIGTERM')
    })
  return { port, stop }
}

let bundleDir: string
let logDir: string
let prebundle: Run
beforeAll(async () => {
  bundleDir = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-'))
  logDir = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-logs-'))
  prebundle = await run('src/cli/bundle-admin.ts', { NODE_ENV: 'production', ADMIN_JS_TMP_DIR: bundleDir })
}, 150_000)

describe('admin bundle: the build prebundles the components', () => {
  it('npm run build runs the prebundle step after compiling', () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts.build).toMatch(/tsc -p tsconfig\.build\.json && npm run bundle:admin/)
    expect(scripts['bundle:admin']).toBe('NODE_ENV=production tsx src/cli/bundle-admin.ts')
  })

  it('when the prebundle step runs, writes a minified bundle that registers the dashboard', () => {
    expect(prebundle.code, prebundle.output).toBe(0)
    const bundle = readFileSync(path.join(bundleDir, 'bundle.js'), 'utf8')
    expect(bundle).toContain('AdminJS.UserComponents.Dashboard=')
    // Minified: production output, not the development bundle with its line breaks.
    expect(bundle.split('\n').length).toBeLessThan(5)
    expect(readFileSync(path.join(bundleDir, 'entry.js'), 'utf8')).toContain('AdminJS.UserComponents.Dashboard = ')
  })

  it('when run without NODE_ENV=production, refuses rather than writing a development bundle', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-dev-'))
    const result = await run('src/cli/bundle-admin.ts', { NODE_ENV: 'development', ADMIN_JS_TMP_DIR: dir })
    expect(result.code).toBe(1)
    expect(result.output).toMatch(/NODE_ENV=production/)
  }, 150_000)
})

describe('admin bundle: a production start serves the prebundle without bundling', () => {
  const saved = process.env.ADMIN_JS_SKIP_BUNDLE
  afterAll(() => {
    if (saved === undefined) delete process.env.ADMIN_JS_SKIP_BUNDLE
    else process.env.ADMIN_JS_SKIP_BUNDLE = saved
  })

  it('in production config, skip-bundle is on by default and is written where AdminJS reads it', () => {
    const config = loadConfigFromProcess({ NODE_ENV: 'production', ...SECRETS, ADMIN_JS_SKIP_BUNDLE: undefined })
    expect(config.admin.skipBundle).toBe(true)
    expect(process.env.ADMIN_JS_SKIP_BUNDLE).toBe('true')
    const opted = loadConfigFromProcess({ NODE_ENV: 'production', ...SECRETS, ADMIN_JS_SKIP_BUNDLE: 'false' })
    expect(opted.admin.skipBundle).toBe(false)
    expect(process.env.ADMIN_JS_SKIP_BUNDLE).toBe('false')
    expect(loadConfigFromProcess({ NODE_ENV: 'test', ADMIN_JS_SKIP_BUNDLE: undefined }).admin.skipBundle).toBe(false)
  })

  it('when started in production, serves the prebundled file byte for byte and never bundles', async () => {
    const server = await startProduction({ ADMIN_JS_TMP_DIR: bundleDir, LOG_DIR: logDir })
    let output = ''
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/admin/frontend/assets/components.bundle.js`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe(readFileSync(path.join(bundleDir, 'bundle.js'), 'utf8'))
    } finally {
      output = await server.stop()
    }
    expect(output).not.toMatch(/bundling user components/i)
  }, 150_000)

  it('when started in production without a prebundle, refuses to start and says to build', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-none-'))
    const result = await run('tests/admin/fixtures/serve-admin-production.ts', {
      NODE_ENV: 'production',
      ...SECRETS,
      ADMIN_JS_TMP_DIR: empty,
      LOG_DIR: logDir,
    })
    expect(result.code).toBe(3)
    expect(result.output).toMatch(/not prebundled.*npm run build/)
  }, 150_000)

  it('when the prebundle lacks a component the panel registers, the start-up check names it', () => {
    const stale = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-stale-'))
    writeFileSync(path.join(stale, 'bundle.js'), '')
    writeFileSync(path.join(stale, 'entry.js'), 'AdminJS.UserComponents = {}\n')
    const admin = new AdminJS({ componentLoader })
    expect(() => assertPrebundled(admin, stale)).toThrow(/lacks Dashboard/)
    expect(assertPrebundled(admin, bundleDir).components).toContain('Dashboard')
  })
})

describe('admin bundle: the real entry point in production', () => {
  afterAll(killAppProcesses)
  const production = (bundle: string) => ({ NODE_ENV: 'production', ...SECRETS, ...CLEAN, ADMIN_JS_TMP_DIR: bundle })

  it('when started, answers /readyz while the panel mounts, then serves the panel from the prebundle', async () => {
    const app = startApp(production(bundleDir))
    const base = await app.base()
    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(200)
    const checks = ((await ready.json()) as { checks: { admin: string } }).checks
    expect(['mounting', 'ok']).toContain(checks.admin)
    // Sent before the panel is known to be mounted: it waits for the panel, if need be, and is never refused.
    const login = await fetch(`${base}/admin/login`)
    expect(login.status).toBe(200)
    expect(await login.text()).toContain('AdminJS')
    await app.waitFor((line) => line.message === 'admin panel mounted')
    expect(((await (await fetch(`${base}/readyz`)).json()) as { checks: { admin: string } }).checks.admin).toBe('ok')
    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
  }, 150_000)

  it('when the prebundle is missing, refuses to start before listening and says to build', async () => {
    const app = startApp(production(mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-none-'))))
    expect(await app.exited).toBe(1)
    expect(app.lines.some((line) => line.message === 'server listening')).toBe(false)
    expect(JSON.stringify(app.lines)).toMatch(/not prebundled.*npm run build/)
  }, 150_000)

  it('when the prebundle lacks a component, the panel fails to mount and the process stops with exit 1', async () => {
    const stale = mkdtempSync(path.join(tmpdir(), 'crm-admin-bundle-stale-'))
    writeFileSync(path.join(stale, 'bundle.js'), '')
    writeFileSync(path.join(stale, 'entry.js'), 'AdminJS.UserComponents = {}\n')
    const app = startApp(production(stale))
    expect(await app.exited).toBe(1)
    const failed = app.lines.find((line) => line.message === 'admin panel failed to mount')
    expect(JSON.stringify(failed)).toMatch(/lacks Dashboard/)
    const order = (message: string): number => app.lines.findIndex((line) => line.message === message)
    expect(order('server listening')).toBeGreaterThanOrEqual(0)
    expect(order('shutdown started')).toBeGreaterThan(order('admin panel failed to mount'))
    expect(order('shutdown complete')).toBeGreaterThan(order('shutdown started'))
  }, 150_000)
})
