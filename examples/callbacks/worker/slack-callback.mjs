// The callbacks page, "Slack", as a module callback: logly loads this file on
// its worker thread and calls the default export with each record.
// See slack.js next to it for the program that registers it.

import { slackPayload, postToSlack } from '../../slack.js'

// The worker's process.env is a copy of the main thread's, taken when logly
// started the worker (at the logger's first module callback).
const webhookUrl = process.env.SLACK_WEBHOOK_URL

export default async function slackCallback (record) {
  if (record.level !== 'ERROR' && record.level !== 'CRITICAL') return
  // A failed POST rejects: logly counts it in stats().callbackErrors and
  // reports it once on stderr.
  await postToSlack(webhookUrl, slackPayload(record))
}
