import React, { useEffect, useState } from 'react'
import { ApiClient, useNotice, type ActionProps } from 'adminjs'
import { Box, Button, FormGroup, Input, Label, MessageBox, TextArea, Text } from '@adminjs/design-system'
import TransitionReference from './TransitionReference.js'

// The dialog of a workflow transition (approve, reject, deactivate...): the reason, its values (dates, text, records
// of another resource chosen with the edit form's type-ahead picker), then one POST to the action; the server takes the transition through the resource service and answers where to go.

interface Form {
  name: string
  to: string
  reasonRequired: boolean
  fields: Array<{ name: string; kind: 'date' | 'text' | 'reference'; reference?: string; required: boolean }>
}

interface Answer {
  form?: Form
  redirectUrl?: string
  notice?: { message: string; type?: 'success' | 'error' | 'info' }
}

const api = new ApiClient()
/** An input's text (the server's type library has no DOM types). */
const valueOf = (event: { target: unknown }): string => {
  const value = (event.target as { value?: unknown }).value
  return typeof value === 'string' ? value : ''
}
/** The server's type library has no DOM; the one call made on the window is declared here. */
const browser = globalThis as unknown as { location: { assign(url: string): void } }

const TransitionView: React.FC<ActionProps> = ({ resource, record, action }) => {
  const [form, setForm] = useState<Form | null>(null)
  const [reason, setReason] = useState('')
  const [values, setValues] = useState<Record<string, string>>({})
  const [picked, setPicked] = useState<Record<string, { value: string; label: string } | null>>({})
  const [error, setError] = useState<string | null>(null)
  const addNotice = useNotice()
  const recordId = record?.id ?? ''

  useEffect(() => {
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: action.name })
      .then((response) => {
        setForm((response.data as Answer).form ?? null)
      })
      .catch(() => {
        setError('This action could not be loaded.')
      })
  }, [resource.id, recordId, action.name])

  const submit = async (): Promise<void> => {
    setError(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId,
        actionName: action.name,
        data: { reason, ...values },
      })
      const answer = response.data as Answer
      if (answer.notice) addNotice(answer.notice)
      if (answer.notice?.type === 'error') setError(answer.notice.message)
      else if (answer.redirectUrl) browser.location.assign(answer.redirectUrl)
    } catch {
      setError('The change was refused.')
    }
  }

  if (!form) return error ? <MessageBox message={error} variant="danger" /> : <Text>Loading…</Text>
  return (
    <Box variant="white" data-testid="transition-view">
      <Text mb="lg">
        {form.name} this record: its {`status`} becomes <strong>{form.to}</strong>. The reason is kept in its history.
      </Text>
      <FormGroup>
        <Label required={form.reasonRequired}>Reason</Label>
        <TextArea
          width="100%"
          rows={3}
          value={reason}
          data-testid="transition-reason"
          onChange={(event: { target: unknown }) => {
            setReason(valueOf(event))
          }}
        />
      </FormGroup>
      {form.fields.map((field) => (
        <FormGroup key={field.name}>
          <Label required={field.required}>{field.name}</Label>
          {field.kind === 'reference' && field.reference !== undefined ? (
            <TransitionReference
              reference={field.reference}
              name={field.name}
              value={picked[field.name] ?? null}
              onChange={(option) => {
                setPicked({ ...picked, [field.name]: option })
                setValues({ ...values, [field.name]: option?.value ?? '' })
              }}
            />
          ) : (
            <Input
              type={field.kind}
              value={values[field.name] ?? ''}
              data-testid={`transition-${field.name}`}
              onChange={(event: { target: unknown }) => {
                setValues({ ...values, [field.name]: valueOf(event) })
              }}
            />
          )}
        </FormGroup>
      ))}
      {error ? <MessageBox mb="lg" message={error} variant="danger" /> : null}
      <Button variant="contained" onClick={() => void submit()} data-testid="transition-submit">
        Confirm {form.name}
      </Button>
    </Box>
  )
}

export default TransitionView
