import { ALL_ACTIONS, ALL_BUT_DESTROY, type Action, type DefaultGrant, type RoleName } from '../../access/vocabulary.js'

// Who runs projects: the managers (srdev, dev, senior admin) see and change every project and its children; every
// other role sees only the records whose owner field names them (a project's members, a task's assignees).

/** Managers everything (srdev also destroys); every other role `actions` on the records they own. */
export function projectTeamDefaults(
  ownActions: readonly [Action, ...Action[]],
): Readonly<Partial<Record<RoleName, DefaultGrant>>> {
  const own: DefaultGrant = { actions: ownActions, scope: 'own' }
  return {
    srdev: ALL_ACTIONS,
    dev: ALL_BUT_DESTROY,
    'senior admin': ALL_BUT_DESTROY,
    admin: own,
    HR: own,
    bdm: own,
    user: own,
  }
}

/**
 * A project's child (milestone, expense, payment, report) belongs to the project's members: `memberIds` is copied
 * from the project on every write (`ownerFrom`), so the `own` scope reaches the members.
 */
export const FROM_PROJECT_MEMBERS = { owner: 'memberIds', ownerFrom: 'project' } as const
