/** Where the panel is mounted; a module of its own so the API side can name it without loading AdminJS. */
export const ADMIN_ROOT = '/admin'
