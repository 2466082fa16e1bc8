-- wrk script of bench/bench_card_submit.py: each wrk thread holds ONE connection and
-- submits its own list of draft cards back to back (POST /api/cards/{id}/submit), so no
-- card is submitted twice. Per connection it times every request itself (from the moment
-- wrk asks for the request to the full response, CLOCK_MONOTONIC through LuaJIT's ffi),
-- counts the status codes and, after its last card, writes one result line to
-- <folder>/conn<N>, prints "done" (the driver stops wrk once every connection has) and
-- stops its thread.
--
-- wrk -t C -c C -s bench/submit.lua URL -- <folder>
-- <folder>/ids holds one line per connection: the card ids, separated by commas.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } radrules_timespec;
int clock_gettime(int clock, radrules_timespec *ts);
]])
local ts = ffi.new("radrules_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC, the clock of Python's time.monotonic()
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local next_index = 0
function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

local ids, folder = {}, nil
local position, sent_at, first_at = 0, 0, nil
local latencies, codes = {}, {}

function init(args)
  folder = args[1]
  local line_no = 0
  for line in io.lines(folder .. "/ids") do
    if line_no == index then
      for id in string.gmatch(line, "%d+") do
        ids[#ids + 1] = id
      end
    end
    line_no = line_no + 1
  end
end

function request()
  -- The card after the last answered one. wrk also calls request() once on the first
  -- thread before the run (to see whether requests are pipelined) and sends nothing, so
  -- the position moves on in response(), not here. Past the list (not expected: the thread
  -- stops after its last response) the last card again, which the server refuses (409).
  local id = ids[math.min(position + 1, #ids)]
  sent_at = now()
  return wrk.format("POST", "/api/cards/" .. id .. "/submit", nil, '{"version": 1}')
end

function response(status, headers, body)
  local done_at = now()
  position = position + 1
  if first_at == nil then
    first_at = sent_at
  end
  latencies[#latencies + 1] = string.format("%.0f", (done_at - sent_at) * 1e6)
  codes[status] = (codes[status] or 0) + 1
  if #latencies >= #ids then
    local parts = {}
    for code, n in pairs(codes) do
      parts[#parts + 1] = code .. ":" .. n
    end
    local out = assert(io.open(folder .. "/conn" .. index, "w"))
    out:write(string.format("%.6f %.6f %s %s\n", first_at, done_at, table.concat(parts, ","), table.concat(latencies, ",")))
    out:close()
    io.write("done\n")
    io.flush()
    wrk.thread:stop()
  end
end
