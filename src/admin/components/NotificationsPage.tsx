import React, { useCallback, useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import { Box, Button, H3, Loader, MessageBox, Text } from '@adminjs/design-system'

// The "Notifications" page of the panel's navigation: the signed-in admin's own inbox (notifications-page.ts).

interface Item {
  _id: string
  kind: string
  message: string
  read: boolean
  createdAt: string
}

interface PageData {
  unread: number
  latest: Item[]
}

const PAGE = 'Notifications'
const api = new ApiClient()

function isPageData(value: unknown): value is PageData {
  return typeof value === 'object' && value !== null && 'unread' in value && 'latest' in value
}

const NotificationsPage: React.FC = () => {
  const [data, setData] = useState<PageData | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback((method: 'get' | 'post') => {
    api
      .getPage({ pageName: PAGE, method })
      .then((response) => {
        const body: unknown = response.data
        if (isPageData(body)) setData(body)
        else setError('The notifications could not be read')
      })
      .catch(() => {
        setError('The notifications could not be read')
      })
  }, [])

  useEffect(() => {
    load('get')
  }, [load])

  if (error !== null) return <MessageBox variant="danger" message={error} />
  if (data === null) return <Loader />
  return (
    <Box variant="white" data-testid="notifications-page">
      <H3>Notifications</H3>
      <Text mb="lg" data-testid="notifications-unread">
        {data.unread === 0 ? 'Nothing unread' : `${String(data.unread)} unread`}
      </Text>
      {data.latest.length === 0 ? <Text>No notifications yet.</Text> : null}
      {data.latest.map((item) => (
        <Box key={item._id} mb="default" data-testid="notification">
          <Text fontWeight={item.read ? 'normal' : 'bold'}>{item.message}</Text>
          <Text variant="sm" color="grey60">
            {item.kind} · {new Date(item.createdAt).toLocaleString()}
          </Text>
        </Box>
      ))}
      {data.unread > 0 ? (
        <Button
          mt="lg"
          onClick={() => {
            load('post')
          }}
          data-testid="notifications-read-all"
        >
          Mark all read
        </Button>
      ) : null}
    </Box>
  )
}

export default NotificationsPage
