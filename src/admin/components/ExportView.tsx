import React from 'react'
import { ViewHelpers, type ActionProps } from 'adminjs'
import { Box, Button, Text } from '@adminjs/design-system'

/** The list's state that shapes an export: its filters and its sort. Paging is not: the export has every row. */
function exportSearch(search: string): string {
  const kept = new URLSearchParams()
  for (const [key, value] of new URLSearchParams(search)) {
    if (key.startsWith('filters.') || key === 'sortBy' || key === 'direction') kept.append(key, value)
  }
  const text = kept.toString()
  return text === '' ? '' : `?${text}`
}

/** The browser's address; the server's type library has no DOM, so the one property read is declared here. */
const browser = globalThis as unknown as { location: { search: string } }

/**
 * Opens in a drawer over the list, so the list's filters are still in the address; the download itself is a plain
 * link to the streamed export route (an AdminJS action answers JSON and could not stream).
 */
const ExportView: React.FC<ActionProps> = ({ resource }) => {
  const href = new ViewHelpers().urlBuilder(['export', resource.id], exportSearch(browser.location.search))
  return (
    <Box variant="white" data-testid="export-view">
      <Text mb="lg">
        The CSV holds every row of the list as it is filtered and sorted now, with your masks applied.
      </Text>
      <Button as="a" href={href} download data-testid="export-download">
        Download CSV
      </Button>
    </Box>
  )
}

export default ExportView
