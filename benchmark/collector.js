'use strict'

// A stand-in OTLP/HTTP collector for the logly-otlp set-up: answers 200 to
// every POST on 127.0.0.1 after reading its body, and counts the bytes.

const http = require('node:http')

function startCollector () {
  let bytes = 0
  const server = http.createServer((req, res) => {
    req.on('data', (chunk) => { bytes += chunk.length })
    req.on('end', () => {
      res.statusCode = 200
      res.setHeader('content-type', 'application/json')
      res.end('{}')
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/v1/logs`,
      bytes: () => bytes,
      close: () => new Promise((done) => { server.close(done); server.closeAllConnections() })
    }))
  })
}

module.exports = { startCollector }
