import React from 'react'
import { ViewHelpers, type BasePropertyProps } from 'adminjs'
import { Box, Label, Text } from '@adminjs/design-system'

// A stored document on a record's page. The bytes come from the panel's authorised document route (the session's
// user, the same policy as the API): images are shown inline, PDFs linked; a masked one is only named as hidden.

const MASK = '••••••'

const DocumentView: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const params = record?.params ?? {}
  const path = property.path
  const contentType = params[`${path}.contentType`] as string | undefined
  const label = where === 'show' ? <Label>{property.label}</Label> : null
  if (params[path] === MASK)
    return (
      <Box mb="lg">
        {label}
        <Text data-testid={`document-${path}-hidden`}>{MASK} (hidden)</Text>
      </Box>
    )
  if (!contentType || !record)
    return (
      <Box mb="lg">
        {label}
        <Text>None uploaded</Text>
      </Box>
    )
  const href = new ViewHelpers().urlBuilder(['employee-documents', record.id, path])
  return (
    <Box mb="lg">
      {label}
      {contentType.startsWith('image/') ? (
        <img
          src={href}
          alt={property.label}
          style={{ maxWidth: where === 'list' ? 48 : 320 }}
          data-testid={`document-${path}`}
        />
      ) : (
        <a href={href} target="_blank" rel="noreferrer" data-testid={`document-${path}`}>
          Open PDF
        </a>
      )}
    </Box>
  )
}

export default DocumentView
