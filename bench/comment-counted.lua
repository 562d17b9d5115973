-- bench/comment.lua's signed-in comment posting (same arguments), also counting the
-- comments quire acknowledged (answered 303), so they can be compared with what the
-- database holds: after a SIGKILL mid-flood (bench/durability), or after a soak
-- (bench/soak). Its RESULT line adds acknowledged=N to comment.lua's. With the
-- environment variable BENCH_WRITE_PAUSE_MS set, each connection waits that long
-- before each comment (a student typing), rather than posting flat out.

dofile("bench/comment.lua")

local pause = tonumber(os.getenv("BENCH_WRITE_PAUSE_MS") or "0") or 0
if pause > 0 then
  function delay()
    return pause
  end
end

local threads = {}
acknowledged = 0

function setup(thread)
  threads[#threads + 1] = thread
end

function response(status, headers, body)
  if status == 303 then acknowledged = acknowledged + 1 end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("acknowledged") end
  report(summary, latency, "acknowledged=" .. total)
end
