// logly/express against index.d.ts: its types use logly's Logger.
import { createServer } from 'node:http'
import { Logger, logger } from 'logly-node'
import { errorLogger, requestLogger, serializers } from 'logly-node/express'

const own = new Logger({ level: 'debug' })
const middleware = requestLogger({ logger: own, header: 'x-correlation-id', contextualize: true })
const onError = errorLogger({ logger })

createServer((req, res) => {
  middleware(req, res, (err) => {
    if (err !== undefined) return onError(err, req, res, () => res.end())
    const log: Logger | undefined = req.log
    log?.info({ req: serializers.req(req), res: serializers.res(res) }, 'handled %s', req.id)
    res.end()
  })
})
