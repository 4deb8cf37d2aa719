import React, { useEffect } from 'react'
import { Box, Button, H3, Text } from '@adminjs/design-system'

/** The browser's location; the server's type library has no DOM, so the one method used is declared here. */
const browser = globalThis as unknown as { location: { assign(url: string): void } }

/** Agendash is served outside AdminJS's single-page router, so the navigation entry is a real page load. */
const DASHBOARD = '/admin/jobs/'

/**
 * The "Job dashboard" entry of the panel's navigation: opens Agendash at /admin/jobs (which checks the viewer's
 * permissions itself), with a plain link in case the browser blocks the redirect.
 */
const JobsPage: React.FC = () => {
  useEffect(() => {
    browser.location.assign(DASHBOARD)
  }, [])
  return (
    <Box variant="white" data-testid="jobs-page">
      <H3>Background jobs</H3>
      <Text mb="lg">Opening the job dashboard…</Text>
      <Button as="a" href={DASHBOARD} data-testid="jobs-dashboard-link">
        Open the job dashboard
      </Button>
    </Box>
  )
}

export default JobsPage
