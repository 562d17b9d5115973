-- wrk script for the comment benchmark: a signed-in student sends the comment form of
-- a post, as a browser does (form-encoded body, session cookie, same-origin headers).
--
-- Arguments (after `--`): TOKENS_FILE POST_IDS RUN FIRST COUNT ORIGIN
--   TOKENS_FILE  session tokens, one a line (`quire dev commenters`)
--   POST_IDS     comma-separated ids of the posts to comment on, in turn
--   RUN          a word that makes this run's comment texts differ from other runs'
--   FIRST COUNT  the slice of tokens this run uses (1-based), so runs share no account
--   ORIGIN       http://127.0.0.1:PORT, for the cross-origin guard
-- Each comment's text is new (quire refuses the same comment twice), each account is
-- used once every COUNT requests (quire takes 5 comments a minute from one account),
-- and each request says it comes from its own address through a proxy (quire takes 30
-- a minute from one address; bench/run starts quire with --trust-proxy for this).

local tokens, posts = {}, {}
local run, first, count, origin, host = "", 1, 1, "", ""
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  for id in string.gmatch(args[2], "%d+") do posts[#posts + 1] = id end
  run, first, count, origin = args[3], tonumber(args[4]), tonumber(args[5]), args[6]
  host = string.gsub(origin, "^https?://", "")
end

function request()
  n = n + 1
  local token = tokens[first + (n - 1) % count]
  local post = posts[(n - 1) % #posts + 1]
  local body = "body=Comment+" .. run .. "-" .. n .. "%3A+I+liked+the+part+about+the+volcano."
  return wrk.format("POST", "/posts/" .. post .. "/comments", {
    ["Host"] = host,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "quire_session=" .. token,
    ["Origin"] = origin,
    ["Sec-Fetch-Site"] = "same-origin",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d",
      math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256),
  }, body)
end

dofile("bench/report.lua")
