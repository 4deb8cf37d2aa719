import React from 'react'
import { ApiClient, type RecordJSON } from 'adminjs'
import { SelectAsync } from '@adminjs/design-system'

// A transition value naming a record of another resource (a deal's new stage): the same type-ahead the edit form's
// reference fields use, over the referenced resource's search action, so it offers only what the viewer may read
// (the search goes through the same policy-checked store as its list).

interface Option {
  value: string
  label: string
}

interface Props {
  /** The referenced resource's panel id (`Stage`). */
  reference: string
  name: string
  value: Option | null
  onChange: (option: Option | null) => void
}

const api = new ApiClient()

const TransitionReference: React.FC<Props> = ({ reference, name, value, onChange }) => {
  const loadOptions = async (query: string): Promise<Option[]> => {
    const found: RecordJSON[] = await api.searchRecords({ resourceId: reference, query })
    return found.map((record) => ({ value: record.id, label: record.title }))
  }
  return (
    <div data-testid={`transition-${name}`}>
      <SelectAsync
        cacheOptions
        defaultOptions
        isClearable
        inputId={`transition-${name}-input`}
        value={value}
        loadOptions={loadOptions}
        onChange={(selected: unknown) => {
          onChange((selected as Option | null) ?? null)
        }}
      />
    </div>
  )
}

export default TransitionReference
