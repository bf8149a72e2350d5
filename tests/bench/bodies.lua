-- wrk's script for `make bench` (tests/bench/wrk.py runs it): each request sends the next
-- line of a file of bodies, one JSON body a line, so that no two requests carry the same
-- complaint; thread i of n takes lines i, i + n, ... The answers are counted by status, and
-- the run ends with one JSON line on stdout: statuses, latency percentiles, socket errors.
-- Arguments after `--`: METHOD THREADS [BODIES_FILE] (no file: the same request without a
-- body); THREADS is wrk's --threads (a thread's own state does not see the others).

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = args[1]
  wrk.headers["Content-Type"] = "application/json"
  bodies, statuses, next_body, reused = {}, {}, 1, 0
  if args[3] then
    local line_number, step = 0, tonumber(args[2])
    for line in io.lines(args[3]) do
      if line_number % step == id then
        bodies[#bodies + 1] = line
      end
      line_number = line_number + 1
    end
  end
end

function request()
  if #bodies == 0 then
    return wrk.format()
  end
  if next_body > #bodies then -- the file ran out: counted, so the run can say so
    next_body, reused = 1, reused + 1
  end
  next_body = next_body + 1
  return wrk.format(nil, nil, nil, bodies[next_body - 1])
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local totals, counted, reused_files = {}, {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    reused_files = reused_files + thread:get("reused")
  end
  for status, count in pairs(totals) do
    counted[#counted + 1] = string.format('"%d": %d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    '{"duration_us": %d, "requests": %d, "statuses": {%s}, "p50_us": %d, "p99_us": %d,'
      .. ' "socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d},'
      .. ' "bodies_reused": %d}\n',
    summary.duration, summary.requests, table.concat(counted, ", "),
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, reused_files))
end
