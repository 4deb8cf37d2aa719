import React, { useCallback, useEffect, useRef, useState } from 'react'
import { ApiClient, useNotice, type ActionProps, type NoticeMessage } from 'adminjs'
import type { HistoryRow } from './history-types.js'
import { Box, Button, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system'

type Row = HistoryRow

interface HistoryData {
  /** Newest first, one page. */
  history: Row[]
  total: number
  mayRestore: boolean
  notice?: NoticeMessage
}

const api = new ApiClient()

function text(value: unknown): string {
  if (value === undefined) return '—'
  if (value === null || value === '') return '(empty)'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function isHistoryData(value: unknown): value is HistoryData {
  return typeof value === 'object' && value !== null && Array.isArray((value as { history?: unknown }).history)
}

function Changes({ row }: { row: Row }): React.ReactElement {
  return (
    <Box>
      {row.changes.map((change) => (
        <Text key={change.path} data-testid="history-change">
          <strong>{change.path}</strong>: {text(change.before)} → {text(change.after)}
        </Text>
      ))}
    </Box>
  )
}

/**
 * The audit trail of one record, newest first, with restore-to-revision where the viewer may. It is fetched once per
 * open and after a restore, never on a re-render: AdminJS re-renders the action with new `record` and notice
 * objects, and a fetch keyed on those looped (about 24 requests a second, each recording an audit read).
 */
const HistoryView: React.FC<ActionProps> = ({ resource, record, action }) => {
  const [data, setData] = useState<HistoryData | null>(null)
  const [failed, setFailed] = useState(false)
  const addNotice = useNotice()
  const noticeRef = useRef(addNotice)
  noticeRef.current = addNotice
  const resourceId = resource.id
  const recordId = record?.id ?? ''
  // The same view serves "History" and "Activity" (the record's and its children's changes).
  const actionName = action.name

  const call = useCallback(
    async (revision?: number) => {
      const response = await api.recordAction({
        resourceId,
        recordId,
        actionName,
        ...(revision === undefined ? {} : { data: { revision } }),
      })
      const body: unknown = response.data
      if (!isHistoryData(body)) throw new Error('unexpected answer')
      if (body.notice) noticeRef.current(body.notice)
      setData(body)
    },
    [resourceId, recordId, actionName],
  )

  useEffect(() => {
    call().catch(() => {
      setFailed(true)
    })
  }, [call])

  if (failed) return <MessageBox variant="danger" message="The history could not be loaded." />
  if (!data) return <Text>Loading…</Text>
  const rows = data.history
  const mixed = rows.some((row) => row.subject !== undefined)
  return (
    <Box variant="white" data-testid="history-view">
      {data.total > rows.length ? (
        <Text data-testid="history-partial">
          The latest {rows.length} of {data.total} changes.
        </Text>
      ) : null}
      <Table>
        <TableHead>
          <TableRow>
            {mixed ? <TableCell>Record</TableCell> : null}
            <TableCell>Revision</TableCell>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Changes</TableCell>
            <TableCell>Reason</TableCell>
            {data.mayRestore ? <TableCell /> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={`${row.subject ?? ''}#${String(row.revision)}#${String(index)}`} data-testid="history-row">
              {mixed ? <TableCell>{row.subject ?? 'this record'}</TableCell> : null}
              <TableCell>{row.revision}</TableCell>
              <TableCell>{new Date(row.at).toLocaleString()}</TableCell>
              <TableCell>{row.who}</TableCell>
              <TableCell>{row.action}</TableCell>
              <TableCell>
                <Changes row={row} />
              </TableCell>
              <TableCell>{row.reason ?? ''}</TableCell>
              {data.mayRestore ? (
                <TableCell>
                  <Button
                    size="sm"
                    variant="outlined"
                    onClick={() => {
                      call(row.revision).catch(() => {
                        setFailed(true)
                      })
                    }}
                  >
                    Restore this revision
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}

export default HistoryView
