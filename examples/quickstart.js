// node examples/quickstart.js
const { logger } = require('..') // in your project: require('logly-node')

logger.info('Application started')
logger.success('Connected to the database', { host: 'db.local', poolSize: 10 })
logger.warning('Disk almost full', { freePercent: 4.5 })

// Fields from bind() ride along on every record of the child logger.
const requestLog = logger.bind({ requestId: 'req-42' })
requestLog.info('Request received', { path: '/orders' })

// Callbacks receive every record as a plain object, off the hot path.
const id = logger.addCallback((record) => {
  console.log(`callback got ${record.level} "${record.message}" from ${record.function}:${record.lineno}`)
}, { name: 'printer', level: 'ERROR' })

function chargeCard () {
  logger.error('Payment failed', { orderId: 1234, amount: 99.99 })
}
chargeCard()

logger.complete().then(() => {
  logger.removeCallback(id)
  console.log('stats:', JSON.stringify(logger.stats()))
})
