import type { BrandingOptions, Locale } from 'adminjs'
import express, { type Router } from 'express'
import type { Config } from '../config.js'

// The panel's look from config (BRAND_NAME, BRAND_LOGO_URL, BRAND_COLOR), instead of AdminJS's name, logo and
// "Welcome to AdminJS" login page. Without a logo URL the panel draws its own mark: the product's initials on the
// brand colour, served from this router, so nothing loads from outside (the panel's CSP allows only this origin).

export const BUILT_IN_LOGO_PATH = '/brand/logo.svg'

/** `#rrggbb` mixed with white; `share` of the colour kept (1 = the colour itself). */
function tint(hex: string, share: number): string {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16)
    return Math.round(255 - (255 - value) * share)
      .toString(16)
      .padStart(2, '0')
  }
  return `#${channel(1)}${channel(3)}${channel(5)}`
}

function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^[A-Za-z0-9]/.test(word))
  return words
    .slice(0, 3)
    .map((word) => word.charAt(0).toUpperCase())
    .join('')
}

/** The built-in mark: initials in a rounded square of the brand colour, then the product name. */
export function builtInLogo(config: Config): string {
  const { name, color } = config.brand
  const escaped = name.replace(/[&<>"']/g, (char) => `&#${String(char.charCodeAt(0))};`)
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="48" viewBox="0 0 240 48">',
    `<rect x="0" y="4" width="40" height="40" rx="8" fill="${color}"/>`,
    `<text x="20" y="30" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">${initialsOf(name)}</text>`,
    `<text x="50" y="31" font-family="sans-serif" font-size="17" font-weight="600" fill="#0c1e29">${escaped}</text>`,
    '</svg>',
  ].join('')
}

export function brandingOptions(config: Config, rootPath: string): BrandingOptions {
  const { name, color, logoUrl } = config.brand
  return {
    companyName: name,
    logo: logoUrl ?? `${rootPath}${BUILT_IN_LOGO_PATH}`,
    favicon: logoUrl ?? `${rootPath}${BUILT_IN_LOGO_PATH}`,
    withMadeWithLove: false,
    theme: {
      colors: {
        primary100: color,
        primary80: tint(color, 0.8),
        primary60: tint(color, 0.6),
        primary40: tint(color, 0.4),
        primary20: tint(color, 0.2),
        accent: color,
        love: color,
        info: color,
        infoLight: tint(color, 0.2),
      },
    },
  }
}

/** The login page's words, in place of AdminJS's advertisement. */
export function loginTranslations(config: Config): NonNullable<Locale['translations']>['en'] {
  return {
    components: {
      Login: {
        welcomeHeader: config.brand.name,
        welcomeMessage: 'Back office for bookings, services and people. Sign in with your CRM email and password.',
      },
    },
  }
}

/** Serves the built-in mark (public: the login page shows it). */
export function brandRouter(config: Config): Router {
  const router = express.Router()
  const svg = builtInLogo(config)
  router.get(BUILT_IN_LOGO_PATH, (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg)
  })
  return router
}
