import React from 'react'
import { Box, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system'
import type { DealTally, PipelineFigure, PipelineFigures } from './types.js'

// The dashboard's pipeline report: registered as a component of its own (index.ts) and looked up by the dashboard
// in AdminJS.UserComponents, because the bundler cannot follow a relative import between .tsx files.

const money = (currency: string, paise: number): string => {
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency, maximumFractionDigits: 0 }).format(paise / 100)
  } catch {
    return `${currency} ${(paise / 100).toFixed(0)}`
  }
}

const valueOf = (tally: DealTally): string =>
  tally.totals.length === 0 ? '–' : tally.totals.map((total) => money(total.currency, total.value)).join(' + ')

function PipelineTable(props: { pipeline: PipelineFigure }): React.JSX.Element {
  const { pipeline } = props
  const rows: Array<[string, string, DealTally]> = [
    ...pipeline.stages.map((stage): [string, string, DealTally] => [stage._id, stage.name, stage]),
    ['won', 'Won this quarter', pipeline.won],
    ['lost', 'Lost this quarter', pipeline.lost],
  ]
  return (
    <Box variant="card" p="lg" mb="lg" data-testid={`pipeline-${pipeline._id}`}>
      <Text fontWeight="bold" mb="default">
        {pipeline.name}
      </Text>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Stage</TableCell>
            <TableCell>Deals</TableCell>
            <TableCell>Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(([key, name, tally]) => (
            <TableRow key={key}>
              <TableCell>{name}</TableCell>
              <TableCell>{String(tally.count)}</TableCell>
              <TableCell>{valueOf(tally)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}

const PipelineSection = (props: { figures: PipelineFigures }): React.JSX.Element => {
  const { figures } = props
  return (
    <Box mb="xl" data-testid="dashboard-pipelines">
      <H4>
        {figures.scope === 'own' ? 'Your deals' : 'Deals'} by pipeline, {figures.quarter}
      </H4>
      {figures.pipelines.length === 0 ? (
        <Text color="grey60">No pipeline yet.</Text>
      ) : (
        figures.pipelines.map((pipeline) => <PipelineTable key={pipeline._id} pipeline={pipeline} />)
      )}
    </Box>
  )
}

export default PipelineSection
