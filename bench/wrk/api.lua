-- wrk script for bench/declarations_post.py: each request gets its own body, read from a file the Python side
-- wrote (one JSON document a line), split between wrk's threads; every `replay_every`-th POST repeats an earlier
-- body of the same thread exactly. Without a bodies file it sends GETs of `path`. Prints one JSON line at the end.
--
--   wrk -t2 -c16 -d15s -s bench/wrk/api.lua http://127.0.0.1:8765 -- <path> <token> [bodies-file threads replay_every]

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  path, token = args[1], args[2]
  local file, nthreads = args[3], tonumber(args[4] or "1")
  replay_every = tonumber(args[5] or "0")
  bodies = {}
  if file then
    local i = 0
    for line in io.lines(file) do
      if i % nthreads == id then bodies[#bodies + 1] = line end
      i = i + 1
    end
  end
  sent, fresh, replays, exhausted = 0, 0, 0, 0
  statuses = {}
  math.randomseed(1000 + id)
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token }
  if #bodies == 0 then
    return wrk.format("GET", path, headers)
  end
  headers["Content-Type"] = "application/json"
  sent = sent + 1
  local body
  if replay_every > 0 and fresh > 0 and sent % replay_every == 0 then
    body = bodies[math.random(1, fresh)]
    replays = replays + 1
  elseif fresh < #bodies then
    fresh = fresh + 1
    body = bodies[fresh]
  else
    exhausted = exhausted + 1  -- more requests than bodies: counted, and reported as a failed run
    body = bodies[math.random(1, #bodies)]
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = { fresh = 0, replays = 0, exhausted = 0, statuses = {} }
  for _, thread in ipairs(threads) do
    total.fresh = total.fresh + (thread:get("fresh") or 0)
    total.replays = total.replays + (thread:get("replays") or 0)
    total.exhausted = total.exhausted + (thread:get("exhausted") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      total.statuses[tostring(status)] = (total.statuses[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total.statuses) do parts[#parts + 1] = string.format('"%s": %d', status, count) end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"socket_errors": %d, "fresh": %d, "replays": %d, "exhausted": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, errors.connect + errors.read + errors.write + errors.timeout,
    total.fresh, total.replays, total.exhausted, table.concat(parts, ", ")))
end
