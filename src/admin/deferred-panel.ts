import type { RequestHandler, Router } from 'express'

/** Where the panel is: not asked for yet, being built, serving, or failed to build (a bug or a broken deploy). */
export type PanelState = 'idle' | 'mounting' | 'ready' | 'failed'

/**
 * The admin panel's router, built on first need rather than with the app. Importing AdminJS alone takes 1.5 to
 * 2 s of CPU (its package index loads its bundler and its React frontend), which every start-up paid before the API
 * could answer. Now start-app.ts builds it right after the API and requests to /admin that arrive before it exists
 * wait for it (none is refused). An app that never calls `mount` (tests) builds it on the first /admin request.
 */
export class DeferredPanel {
  #building: Promise<Router> | undefined
  #router: Router | undefined
  #failed = false

  constructor(private readonly build: () => Promise<Router>) {}

  /** Starts building the router, once; resolves when it serves. */
  mount(): Promise<Router> {
    // Through a resolved promise: a build that throws synchronously rejects like one that fails later.
    this.#building ??= Promise.resolve()
      .then(() => this.build())
      .then(
        (router) => (this.#router = router),
        (error: unknown) => {
          this.#failed = true
          throw error
        },
      )
    return this.#building
  }

  state(): PanelState {
    if (this.#router) return 'ready'
    if (this.#failed) return 'failed'
    return this.#building ? 'mounting' : 'idle'
  }

  /** The middleware mounted at /admin: the router once built; until then, each request waits for it. */
  readonly handler: RequestHandler = (req, res, next) => {
    if (this.#router) {
      this.#router(req, res, next)
      return
    }
    // A throw inside the router goes to next(), as Express would do with a synchronous one.
    this.mount()
      .then((router) => {
        router(req, res, next)
      })
      .catch(next)
  }
}
