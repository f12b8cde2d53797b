'use strict'

// Fastify with logly as its logger: Fastify's own request logs, request.log
// in routes, and an alert callback for errors, all through one logger.
//
//   node examples/fastify.js
//
// It starts the app on a free port, sends itself two requests (one fails),
// prints the alerts and exits.

const Fastify = require('fastify')
const { logger } = require('logly-node')

async function main () {
  // Fastify calls logger.child() for its own logger and one per request, with
  // serializers for req/res: records carry reqId, req, res and responseTime.
  const app = Fastify({ loggerInstance: logger })

  const alerts = []
  const alertId = logger.addCallback((record) => {
    alerts.push(record)
  }, { name: 'alerts', level: 'ERROR' })

  app.get('/hello/:name', async (request) => {
    request.log.info({ name: request.params.name }, 'greeting %s', request.params.name)
    return { hello: request.params.name }
  })

  // Fastify's error handler logs a thrown error with reply.log.error({ req, res, err }, message).
  app.get('/stock', async () => {
    throw new Error('inventory service unavailable')
  })

  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${app.server.address().port}`

  const ok = await fetch(`${base}/hello/ada`)
  console.log(`GET /hello/ada -> ${ok.status} ${await ok.text()}`)
  const failed = await fetch(`${base}/stock`)
  console.log(`GET /stock -> ${failed.status} ${await failed.text()}`)

  await app.close()
  await logger.complete()
  logger.removeCallback(alertId)

  console.log(`alerts: ${alerts.length}`)
  for (const record of alerts) {
    console.log(`  ${record.level} ${record.message} reqId=${record.reqId} err.type=${record.err && record.err.type} status=${record.res && record.res.statusCode}`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
