-- wrk script for the gateway accept phase (bench/wrk.py): POSTs display-list bodies read from
-- PDP_WRK_BODIES (one JSON document per line) from rotating sellers, counts status codes and
-- prints one "PDP-WRK {json}" summary line.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  bodies = {}
  for line in io.lines(os.getenv("PDP_WRK_BODIES")) do bodies[#bodies + 1] = line end
  sellers = tonumber(os.getenv("PDP_WRK_SELLERS") or "256")
  counter, codes = 0, {}
end
function request()
  counter = counter + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
    ["X-User-Id"] = "bench-seller-" .. (counter % sellers)}, bodies[(counter % #bodies) + 1])
end
function response(status) codes[status] = (codes[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes")) do all[k] = (all[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(all) do parts[#parts + 1] = string.format('"%d": %d', k, v) end
  io.write(string.format('PDP-WRK {"requests": %d, "duration_s": %.6f, "codes": {%s}, ' ..
    '"errors": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n', summary.requests,
    summary.duration / 1e6, table.concat(parts, ", "),
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3))
end
