-- wrk script for bench/soak: one request class per wrk process.
-- Arguments (after --): CLASS EXPECTED [BODY_FILE]
--   CLASS     root | pages | acs | login | admin
--   EXPECTED  the statuses this class may get, comma-separated (e.g. 400,429)
--   BODY_FILE the ACS form body (class acs only)
-- Prints one line at the end:
--   class=C requests=N p50_ms=X p99_ms=Y socket_errors=N unexpected=N statuses=S:N,...
-- An error is a socket error (connect, read, write, timeout) or a status
-- outside EXPECTED.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local pages = { "/sso/acme/metadata", "/login", "/signup", "/sso/nosuch/metadata" }
local n = 0

function init(args)
  class = args[1]
  expected = {}
  for s in string.gmatch(args[2], "%d+") do expected[tonumber(s)] = true end
  unexpected = 0
  statuses = {}
  if class == "acs" then
    local f = assert(io.open(args[3], "rb"))
    acs_body = f:read("*a")
    f:close()
  end
end

function request()
  n = n + 1
  if class == "root" then
    return wrk.format("GET", "/")
  elseif class == "pages" then
    return wrk.format("GET", pages[(n % #pages) + 1])
  elseif class == "acs" then
    return wrk.format("POST", "/sso/acme/acs",
      { ["Content-Type"] = "application/x-www-form-urlencoded" }, acs_body)
  elseif class == "login" then
    -- A new unknown email each time: the per-account failure limit never
    -- applies, only the per-address one.
    return wrk.format("POST", "/login", { ["Content-Type"] = "application/x-www-form-urlencoded" },
      "org=acme&email=soak-" .. n .. "-" .. math.random(1, 1000000000) .. "%40nowhere.test&password=guess")
  else  -- admin: the admin API without credentials
    return wrk.format("GET", "/api/roster/acme", { ["Accept"] = "application/json" })
  end
end

function response(status, headers, body)
  if not expected[status] then unexpected = unexpected + 1 end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local bad, seen, cls = 0, {}, "?"
  for _, t in ipairs(threads) do
    cls = t:get("class")
    bad = bad + t:get("unexpected")
    for s, c in pairs(t:get("statuses")) do seen[s] = (seen[s] or 0) + c end
  end
  local parts = {}
  for s, c in pairs(seen) do table.insert(parts, s .. ":" .. c) end
  table.sort(parts)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("class=%s requests=%d p50_ms=%.3f p99_ms=%.3f socket_errors=%d unexpected=%d statuses=%s\n",
    cls, summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    socket_errors, bad, table.concat(parts, ",")))
end
