'use strict'

// The callbacks page, "Regular Function": a callback is any function of the
// record; it need not be async.
//
//   node examples/callbacks/regular-function.js

const { logger } = require('logly-node')

function myCallback (record) {
  console.log(`Log: ${record.level} - ${record.message}`)
}

logger.addCallback(myCallback)

logger.info('User logged in', { user_id: '12345', action: 'login' })
logger.warning('Password expires soon', { user_id: '12345' })
// Callbacks run on the JS thread after the log call returns, in batches.
// A slow *synchronous* callback delays other JS work (though never the log
// call itself): do slow work with async I/O, as in non-blocking.js.
