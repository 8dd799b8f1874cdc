-- Sets the method and the X-Plex-Token header from the environment, sends
-- Accept: application/json as the Plex SDKs do, and prints the run's figures as one JSON
-- line at the end, latencies in microseconds. The URL on wrk's command line
-- gives the path and query. HEAD is no use here: wrk 4.1 waits for a body
-- after a HEAD response that has a Content-Length.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/json"

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["X-Plex-Token"] = token
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
