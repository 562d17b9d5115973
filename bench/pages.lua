-- wrk script for the soak's readers: GETs of the paths in a file, one a line, in turn
-- (each wrk thread starts at its own place in the list); every Nth request carries a
-- signed-in student's session cookie, so that page is rendered for them, never served
-- from the page cache. Ends with the RESULT line bench/soak reads.
--
-- Arguments (after `--`): PATHS_FILE [TOKENS_FILE EVERY]
--   PATHS_FILE   site paths (`/`, `/posts/slug`, `/feed.xml`…), one a line
--   TOKENS_FILE  session tokens, one a line (`quire dev commenters`); with EVERY, the
--                share of requests that are signed in (10: one in ten; 0 or absent: none)

local paths, tokens = {}, {}
local every, n = 0, 0
local next_thread = 0

function setup(thread)
  thread:set("offset", next_thread * 7919)
  next_thread = next_thread + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if args[2] then
    for line in io.lines(args[2]) do
      if #line > 0 then tokens[#tokens + 1] = line end
    end
    every = tonumber(args[3] or "0")
  end
  n = offset or 0
end

function request()
  n = n + 1
  local path = paths[(n - 1) % #paths + 1]
  if every > 0 and #tokens > 0 and n % every == 0 then
    return wrk.format("GET", path, {
      ["Cookie"] = "quire_session=" .. tokens[(math.floor(n / every) - 1) % #tokens + 1],
    })
  end
  return wrk.format("GET", path)
end

dofile("bench/report.lua")
