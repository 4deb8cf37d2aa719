import { ComponentLoader } from 'adminjs'

/** The one ComponentLoader of the panel: every custom component registers here, so one bundle holds them all. */
export const componentLoader = new ComponentLoader()
